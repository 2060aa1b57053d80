import * as assert from 'node:assert/strict';
import { PLAIN_TEXT_ERROR_MARKER, encodeSseEvent, type StreamEvent } from '../../../src/protocol/wire';
import { MAX_PLAIN_TEXT_ERROR_CHARS, MAX_SSE_EVENT_CHARS, decodePlainText, decodeSse, decoderFor } from '../../../src/transport/decoders';
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

/** Decodes until the end or the first error; returns what was yielded and that error. */
async function settle(it: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error?: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const e of it) events.push(e);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** Where an endless body gives up, so a decoder without a bound fails its test instead of the machine. */
const ENDLESS_SAFETY_BYTES = 32 * 2 ** 20;

/** `head`, then `piece` "forever" (64 KB chunks), counting how many bytes the decoder pulled. */
function endless(head: string, piece: string): { body: AsyncGenerator<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = enc.encode(piece.repeat(Math.ceil(65_536 / piece.length)));
  async function* body(): AsyncGenerator<Uint8Array> {
    const first = enc.encode(head);
    pulled += first.length;
    yield first;
    while (pulled < ENDLESS_SAFETY_BYTES) {
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { body: body(), pulled: () => pulled };
}

const isTooLarge = (err: unknown) => err instanceof TransportError && err.kind === 'protocol' && err.code === 'EventTooLarge' && /over 1 MB.*text so far is kept/.test(err.message);
const deltaText = (events: StreamEvent[]) => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');

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

  describe('SSE size bound (a broken or hostile endpoint cannot grow the parser without limit)', () => {
    const kept = encodeSseEvent({ type: 'delta', text: 'kept' });
    /** The decoder stops reading within a few chunks of the bound (`wire` body bytes per buffered character). */
    const stoppedNearBound = (pulled: number, wire = 1) => assert.ok(pulled < MAX_SSE_EVENT_CHARS * wire + 3 * 65_536, `read ${pulled} bytes`);

    it('ends an endless line without a newline with EventTooLarge, after the text before it', async () => {
      const { body, pulled } = endless(`${kept}event: delta\ndata: "`, 'x');
      const { events, error } = await settle(decodeSse(body));
      assert.ok(isTooLarge(error), String(error));
      assert.equal(deltaText(events), 'kept');
      stoppedNearBound(pulled());
    });

    it('ends an endless comment line the same way', async () => {
      const { body, pulled } = endless(': ping', ' ping');
      assert.ok(isTooLarge((await settle(decodeSse(body))).error));
      stoppedNearBound(pulled());
    });

    it('ends an event of endless short data lines (never dispatched) with EventTooLarge', async () => {
      const line = 'data: {"text":"a"}\n';
      const { body, pulled } = endless(`${kept}event: delta\n`, line);
      const { events, error } = await settle(decodeSse(body));
      assert.ok(isTooLarge(error), String(error));
      assert.equal(deltaText(events), 'kept');
      stoppedNearBound(pulled(), line.length / (line.length - 'data: '.length));
    });

    it('refuses a whole oversized event that arrives in one chunk', async () => {
      const huge = encodeSseEvent({ type: 'delta', text: 'y'.repeat(MAX_SSE_EVENT_CHARS) });
      const { events, error } = await settle(decodeSse(chunks(kept + huge)));
      assert.ok(isTooLarge(error), String(error));
      assert.equal(deltaText(events), 'kept');
    });

    it('accepts an event just under the bound, and any number of short ping comments', async () => {
      const big = 'z'.repeat(MAX_SSE_EVENT_CHARS - 100);
      const pings = ': ping\n'.repeat(400_000); // 2.8 MB of comments in all, each line short
      const body = pings + encodeSseEvent({ type: 'delta', text: big }) + encodeSseEvent({ type: 'end', stopReason: 'end_turn' });
      const { events, error } = await settle(decodeSse(chunks(...split(enc.encode(body), [65_536]))));
      assert.equal(error, undefined);
      assert.equal(deltaText(events), big);
    });
  });

  describe('plain text ending with the blog Lambda\'s error trailer', () => {
    const answer = 'Here is the start of an answer: ```ts\nconst a = "[ERROR]";\n``` and 日本語 ';
    const failure = 'ThrottlingException: Too many requests, please wait before trying again.';
    const body = enc.encode(`${answer}${PLAIN_TEXT_ERROR_MARKER}${failure}\n`);

    it('keeps the text before the marker and ends with a retryable error carrying the error text, at every split', async () => {
      for (let at = 0; at <= body.length; at++) {
        for (const parts of [[body.slice(0, at), body.slice(at)], split(body, [1 + (at % 7)])]) {
          const { events, error } = await settle(decodePlainText(chunks(...parts)));
          assert.equal(error, undefined);
          assert.equal(deltaText(events), answer, `split at ${at}`);
          assert.deepEqual(events.at(-1), { type: 'error', code: 'EndpointError', message: `The endpoint reported an error: ${failure}`, retryable: true }, `split at ${at}`);
        }
      }
    });

    it('passes each chunk on before the next arrives, holding back only what could start the marker', async () => {
      let produced = 0;
      async function* body(): AsyncGenerator<Uint8Array> {
        for (const part of ['first line\nsecond', ' line\n[ERR', 'or is a word here\n[E', 'RROR]\nboom']) {
          produced++;
          yield enc.encode(part);
        }
      }
      const seen: [string, number][] = [];
      for await (const e of decodePlainText(body())) seen.push([e.type === 'delta' ? e.text : e.type, produced]);
      assert.deepEqual(seen, [
        ['first line\nsecond', 1],
        [' line', 2],
        ['\n[ERRor is a word here', 3],
        ['error', 4],
      ]);
    });

    it('keeps a marker in the middle of an answer as text when a long answer follows it', async () => {
      const rest = 'more answer. '.repeat(Math.ceil((MAX_PLAIN_TEXT_ERROR_CHARS + 1) / 13));
      const text = `Logs look like this:${PLAIN_TEXT_ERROR_MARKER}${rest}`;
      for (const sizes of [[1], [5, 3], [text.length]]) {
        const { events, error } = await settle(decodePlainText(chunks(...split(enc.encode(text), sizes))));
        assert.equal(error, undefined);
        assert.equal(deltaText(events), text);
        assert.deepEqual(events.at(-1), { type: 'end', stopReason: 'end_of_body' });
      }
    });

    it('yields the text it held back before the error of a body that fails before its end', async () => {
      const cut = new Error('socket hang up');
      async function* failing(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
        yield* chunks(...parts);
        throw cut;
      }
      for (const parts of [
        ['some answer', '\n[ERR'], // a partial marker
        ['some answer', PLAIN_TEXT_ERROR_MARKER, 'a short text'], // a marker and short text
        ['some answer\n[E', 'RROR]\nshort', ' text 日本', new Uint8Array([0xe8, 0xaa])], // and a cut multi-byte character
      ]) {
        const { events, error } = await settle(decodePlainText(failing(...parts)));
        assert.equal(error, cut, 'the body\'s own error');
        const sent = parts.map((p) => (typeof p === 'string' ? p : '\ufffd')).join('');
        assert.equal(deltaText(events), sent, JSON.stringify(parts));
        assert.ok(events.every((e) => e.type === 'delta'));
      }
    });

    it('treats only the last marker as the trailer, and a bare marker as an error without details', async () => {
      const { events } = await settle(decodePlainText(chunks(`a${PLAIN_TEXT_ERROR_MARKER}b${PLAIN_TEXT_ERROR_MARKER}real error`)));
      assert.equal(deltaText(events), `a${PLAIN_TEXT_ERROR_MARKER}b`);
      assert.match((events.at(-1) as { message: string }).message, /: real error$/);
      const bare = await settle(decodePlainText(chunks(`answer${PLAIN_TEXT_ERROR_MARKER}`)));
      assert.equal(deltaText(bare.events), 'answer');
      assert.equal((bare.events.at(-1) as { message: string }).message, 'The endpoint reported an error without details.');
    });
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
