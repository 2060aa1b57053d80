import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeSseEvent, type StreamEvent } from '../../../src/protocol/wire';
import { decodeSse } from '../../../src/transport/decoders';
import { TransportError } from '../../../src/transport/errors';
import { FUZZ_RUNS } from './runs';

async function* pieces(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of points) {
    yield bytes.slice(prev, p);
    prev = p;
  }
  yield bytes.slice(prev);
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const eventArb: fc.Arbitrary<StreamEvent> = fc.oneof(
  fc.record({ type: fc.constant('start' as const), id: fc.string(), model: fc.string() }),
  fc.record({ type: fc.constant('delta' as const), text }),
);
const endArb: fc.Arbitrary<StreamEvent> = fc.oneof(
  fc.record({ type: fc.constant('end' as const), stopReason: fc.constantFrom('end_turn', 'max_tokens') }),
  fc.record({ type: fc.constant('error' as const), code: fc.constantFrom('ThrottlingException', 'Truncated'), message: text.filter((t) => t.length > 0), retryable: fc.boolean() }),
);

describe('fuzz: SSE decoder', () => {
  it('decodes any event sequence identically however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 12 }), endArb, fc.array(fc.nat(), { maxLength: 20 }), async (events, end, cuts) => {
        const all = [...events, end];
        const bytes = new TextEncoder().encode(all.map(encodeSseEvent).join(''));
        const got: StreamEvent[] = [];
        for await (const e of decodeSse(pieces(bytes, cuts))) got.push(e);
        assert.deepEqual(got, JSON.parse(JSON.stringify(all)));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws anything but a TransportError on arbitrary bytes, and never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 10 }), async (bytes, cuts) => {
        try {
          for await (const e of decodeSse(pieces(bytes, cuts))) assert.ok(['start', 'delta', 'end', 'error'].includes(e.type));
        } catch (err) {
          assert.ok(err instanceof TransportError, `unexpected ${err}`);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('survives arbitrary text shaped like SSE (event/data/comment lines)', async () => {
    const line = fc.oneof(
      fc.constantFrom('event: delta', 'event: end', 'event: start', 'event: error', 'event: x', ': c', '', 'retry: 10', 'id: 1'),
      fc.string({ maxLength: 20 }).map((s) => `data: ${s}`),
      fc.json().map((j) => `data: ${j}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        const bytes = new TextEncoder().encode(lines.join('\n') + '\n\n');
        try {
          for await (const e of decodeSse(pieces(bytes, []))) assert.equal(typeof e.type, 'string');
        } catch (err) {
          assert.ok(err instanceof TransportError && err.kind === 'protocol', `unexpected ${err}`);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
