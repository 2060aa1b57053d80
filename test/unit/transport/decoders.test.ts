import * as assert from 'node:assert/strict';
import { encodeSseEvent, type StreamEvent } from '../../../src/protocol';
import { decodePlainText, decodeSse, decoderFor } from '../../../src/transport/decoders';
import { TransportError } from '../../../src/transport/errors';

const enc = new TextEncoder();

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? enc.encode(p) : p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/** Splits bytes into pieces of the given sizes (cycling). */
function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = sizes[k++ % sizes.length];
    out.push(bytes.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('transport/decoders', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'req-1', model: 'demo' },
    { type: 'delta', text: 'こんにちは、' },
    { type: 'delta', text: 'world 🌍\n```ts\nconst a = 1;\n```' },
    { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 7 }, latencyMs: 12 },
  ];
  const wire = enc.encode(events.map(encodeSseEvent).join(''));

  it('decodes SSE split into 1-byte chunks, including multi-byte UTF-8', async () => {
    const got = await collect(decodeSse(chunks(...split(wire, [1]))));
    assert.deepEqual(got, events);
  });

  it('decodes SSE split at irregular boundaries', async () => {
    for (const sizes of [[2], [3, 7], [5, 1, 11], [wire.length]]) {
      assert.deepEqual(await collect(decodeSse(chunks(...split(wire, sizes)))), events, `sizes ${sizes}`);
    }
  });

  it('skips unknown event types and comments', async () => {
    const body = ': keep-alive\n\nevent: ping\ndata: {}\n\n' + encodeSseEvent({ type: 'delta', text: 'a' }) + 'event: future\ndata: {"x":1}\n\n' + encodeSseEvent({ type: 'end', stopReason: 'end_turn' });
    assert.deepEqual(await collect(decodeSse(chunks(body))), [
      { type: 'delta', text: 'a' },
      { type: 'end', stopReason: 'end_turn' },
    ]);
  });

  it('stops at the first terminal event', async () => {
    const body = encodeSseEvent({ type: 'error', code: 'ThrottlingException', message: 'slow down', retryable: true }) + encodeSseEvent({ type: 'delta', text: 'late' });
    assert.deepEqual(await collect(decodeSse(chunks(body))), [{ type: 'error', code: 'ThrottlingException', message: 'slow down', retryable: true }]);
  });

  it('throws a protocol error for a malformed known event, after yielding earlier text', async () => {
    const got: StreamEvent[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of decodeSse(chunks(encodeSseEvent({ type: 'delta', text: 'kept' }), 'event: delta\ndata: {not json\n\n'))) got.push(e);
      })(),
      (err: unknown) => err instanceof TransportError && err.kind === 'protocol',
    );
    assert.deepEqual(got, [{ type: 'delta', text: 'kept' }]);
  });

  it('ends without a terminal event when the body ends early (the client reports the cut)', async () => {
    const got = await collect(decodeSse(chunks(encodeSseEvent({ type: 'delta', text: 'partial' }))));
    assert.deepEqual(got, [{ type: 'delta', text: 'partial' }]);
  });

  it('decodes plain text split inside a multi-byte character and ends at end of body', async () => {
    const bytes = enc.encode('日本語のテキスト');
    const got = await collect(decodePlainText(chunks(...split(bytes, [1, 2]))));
    const text = got.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text).join('');
    assert.equal(text, '日本語のテキスト');
    assert.deepEqual(got[got.length - 1], { type: 'end', stopReason: 'end_of_body' });
  });

  it('replaces invalid UTF-8 instead of failing', async () => {
    const got = await collect(decodePlainText(chunks(new Uint8Array([0x61, 0xff, 0xfe, 0x62]))));
    assert.equal((got[0] as { text: string }).text, 'a\uFFFD\uFFFDb');
  });

  it('picks the decoder from the content type', () => {
    assert.equal(decoderFor('text/event-stream; charset=utf-8'), decodeSse);
    assert.equal(decoderFor('text/plain; charset=utf-8'), decodePlainText);
    assert.equal(decoderFor(undefined), decodePlainText);
  });
});
