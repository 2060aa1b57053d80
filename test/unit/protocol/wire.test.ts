import * as assert from 'node:assert/strict';
import {
  acceptsEventStream,
  decodeSseEvent,
  encodeSseEvent,
  ErrorCode,
  errorBody,
  parseErrorBody,
  type StreamEvent,
} from '../../../src/protocol/wire';

/** Splits an SSE body into (event, data) pairs the way a minimal SSE parser would. */
function parseSse(body: string): { event?: string; data: string }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    });
}

describe('protocol: SSE', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'req-1', model: 'us.anthropic.claude' },
    { type: 'delta', text: 'こんにちは\nworld 🎉 "quoted"\n\nevent: fake' },
    { type: 'end', stopReason: 'max_tokens', usage: { inputTokens: 3, outputTokens: 4 }, latencyMs: 12 },
    { type: 'error', code: 'ThrottlingException', message: 'slow down', retryable: true },
  ];

  it('encodes one frame per event, and decodes back to the same events', () => {
    const body = events.map(encodeSseEvent).join('');
    const frames = parseSse(body);
    assert.equal(frames.length, events.length, 'newlines inside text never split a frame');
    assert.deepEqual(
      frames.map((f) => decodeSseEvent(f.event, f.data)),
      events,
    );
  });

  it('frames are `event:` then a single `data:` line', () => {
    assert.equal(encodeSseEvent({ type: 'delta', text: 'a\nb' }), 'event: delta\ndata: {"text":"a\\nb"}\n\n');
  });

  it('skips unknown event types and rejects malformed known ones', () => {
    assert.equal(decodeSseEvent('ping', '{}'), undefined);
    assert.equal(decodeSseEvent(undefined, '{"text":"x"}'), undefined);
    assert.throws(() => decodeSseEvent('delta', '{"nope":1}'), SyntaxError);
    assert.throws(() => decodeSseEvent('end', 'not json'), SyntaxError);
  });

  it('fills defaults for a sparse end and error', () => {
    assert.deepEqual(decodeSseEvent('end', '{}'), { type: 'end', stopReason: 'end_turn' });
    assert.deepEqual(decodeSseEvent('error', '{}'), { type: 'error', code: ErrorCode.Internal, message: 'The endpoint reported an error.', retryable: false });
  });

  it('knows when the client asks for SSE', () => {
    assert.equal(acceptsEventStream('text/event-stream'), true);
    assert.equal(acceptsEventStream('application/json, text/event-stream;q=0.9'), true);
    assert.equal(acceptsEventStream('text/plain'), false);
    assert.equal(acceptsEventStream('*/*'), false);
    assert.equal(acceptsEventStream(undefined), false);
    assert.equal(acceptsEventStream('text/event-streamx'), false);
  });
});

describe('protocol: error bodies', () => {
  it('round-trips our body and reads API Gateway messages', () => {
    assert.deepEqual(parseErrorBody(JSON.stringify(errorBody('BadRequest', 'nope'))), { code: 'BadRequest', message: 'nope' });
    assert.deepEqual(parseErrorBody('{"message":"Forbidden"}'), { message: 'Forbidden' });
    assert.equal(parseErrorBody('<html>'), undefined);
  });
});
