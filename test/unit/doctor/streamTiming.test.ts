import * as assert from 'node:assert/strict';
import { MIN_SPREAD_MS, MIN_SPREAD_SHARE, streamVerdict } from '../../../src/doctor/streamTiming';

describe('doctor/streamTiming: did the answer stream?', () => {
  it('chunks spread over the answer stream, with the time to first byte', () => {
    const verdict = streamVerdict({ sentAt: 0, firstByteAt: 300, chunkTimes: [320, 345, 370, 395, 420] });
    assert.deepEqual(verdict, { kind: 'streams', chunks: 5, spreadMs: 100, firstByteMs: 300, totalMs: 420 });
  });

  it('chunks that all arrive together after a silence were buffered', () => {
    const verdict = streamVerdict({ sentAt: 0, firstByteAt: 4000, chunkTimes: [4000, 4000.4, 4001, 4001.2, 4002] });
    assert.equal(verdict.kind, 'buffered');
    assert.equal(verdict.spreadMs, 2);
    assert.equal(verdict.firstByteMs, 4000);
  });

  it(`a spread under ${MIN_SPREAD_SHARE * 100}% of the request is buffered, at or over it streams`, () => {
    assert.equal(streamVerdict({ sentAt: 0, firstByteAt: 900, chunkTimes: [901, 999] }).kind, 'buffered');
    assert.equal(streamVerdict({ sentAt: 0, firstByteAt: 900, chunkTimes: [900, 1000] }).kind, 'streams');
  });

  it(`a spread under ${MIN_SPREAD_MS} ms is noise even for a fast request`, () => {
    assert.equal(streamVerdict({ sentAt: 0, firstByteAt: 10, chunkTimes: [10, 10 + MIN_SPREAD_MS - 1] }).kind, 'buffered');
    assert.equal(streamVerdict({ sentAt: 0, firstByteAt: 10, chunkTimes: [10, 10 + MIN_SPREAD_MS] }).kind, 'streams');
  });

  it('one chunk, or none, is too few to tell', () => {
    assert.equal(streamVerdict({ sentAt: 0, firstByteAt: 50, chunkTimes: [60] }).kind, 'tooFew');
    assert.equal(streamVerdict({ sentAt: 0, firstByteAt: 50, chunkTimes: [] }).kind, 'tooFew');
  });
});
