import * as assert from 'node:assert/strict';
import { encodeSseEvent } from '../../../src/protocol/wire';
import { noAuth } from '../../../src/transport/auth';
import { streamAnswer, type AnswerEvent } from '../../../src/transport/streamAnswer';
import { createDispatcher } from '../../../src/transport/dispatcher';
import { TransportError } from '../../../src/transport/errors';
import { createAgent } from '../../../src/transport/lazyUndici';
import type { AnswerLimits } from '../../../src/transport/answerLimits';
import { ENDPOINT_FAULTS, healthy, measureHeap, sse, startFaultServer, type Fault, type FaultServer } from '../../fixtures/faults/endpointFaults';

describe('transport fault matrix', function () {
  this.timeout(20_000);
  let server: FaultServer;
  let port: number;
  const dispatcher = createDispatcher({ connectMs: 1000, firstByteMs: 600, idleMs: 400 }, {}, {});

  before(async () => {
    server = await startFaultServer();
    port = server.port;
  });
  after(async () => {
    await server.close();
    await dispatcher.close();
  });

  async function ask(endpoint = `http://127.0.0.1:${port}/chat`, via = dispatcher, limits?: AnswerLimits) {
    const events: AnswerEvent[] = [];
    let error: TransportError | undefined;
    const started = Date.now();
    try {
      for await (const e of streamAnswer({ endpoint, auth: noAuth, dispatcher: via, limits }, { prompt: 'q' }, new AbortController().signal)) events.push(e);
    } catch (err) {
      assert.ok(err instanceof TransportError, `not a TransportError: ${err}`);
      error = err;
    }
    const text = events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
    return { events, error, text, ms: Date.now() - started };
  }

  /** The fault's settings as transport limits (defaults where it sets none). */
  const limitsOf = (f: Fault): AnswerLimits => ({
    maxBytes: (f.limits?.answerMegabytes ?? 16) * 2 ** 20,
    maxMs: (f.limits?.answerSeconds ?? 960) * 1000,
  });

  for (const f of ENDPOINT_FAULTS) {
    it(`${f.name}: a clear message, partial text kept, no hang, and the next request works`, async () => {
      server.play(f.serve);
      const play = () => ask(undefined, undefined, limitsOf(f));
      const { result, peakMb, keptMb } = f.heapBoundMb === undefined ? { result: await play(), peakMb: 0, keptMb: 0 } : await measureHeap(play);
      const { error, text, ms } = result;
      if (f.heapBoundMb !== undefined) console.log(`      heap: +${peakMb.toFixed(1)} MB at peak, +${keptMb.toFixed(1)} MB kept with the text`);
      assert.ok(error, 'the fault surfaced as an error');
      if (f.expect.kind) assert.equal(error.kind, f.expect.kind);
      if (f.expect.code) assert.equal(error.code, f.expect.code);
      assert.match(error.message, f.expect.message);
      if (f.expect.retryable !== undefined) assert.equal(error.retryable, f.expect.retryable);
      if (f.expect.text instanceof RegExp) assert.match(text, f.expect.text);
      else assert.equal(text, f.expect.text ?? '');
      assert.ok(ms < 3000, `took ${ms} ms`);
      if (f.heapBoundMb !== undefined) {
        assert.ok(peakMb < f.heapBoundMb, `the heap grew by ${peakMb.toFixed(1)} MB while the fault played`);
        assert.ok(keptMb < f.heapBoundMb, `the heap kept ${keptMb.toFixed(1)} MB after the fault`);
      }
      server.play(healthy);
      const next = await ask();
      assert.equal(next.error, undefined, next.error?.message);
      assert.equal(next.text, 'fine');
    });
  }

  it('unknown event types are skipped and 1-byte chunks decode, with Japanese intact', async () => {
    const body = Buffer.from('event: ping\ndata: {}\n\n' + sse({ type: 'delta', text: '日本語と English' }, { type: 'end', stopReason: 'end_turn' }));
    server.play((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = () => (i < body.length ? res.write(body.subarray(i, ++i), () => setImmediate(next)) : res.end());
      next();
    });
    const { error, text } = await ask();
    assert.equal(error, undefined);
    assert.equal(text, '日本語と English');
  });

  it('invalid UTF-8 becomes replacement characters, not an error', async () => {
    server.play((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.from([0x6f, 0x6b, 0xc3, 0x28, 0xff]));
    });
    const { error, text } = await ask();
    assert.equal(error, undefined);
    assert.equal(text, 'ok\uFFFD(\uFFFD');
  });

  it('a 10 MB answer arrives whole', async () => {
    const piece = 'あいうえお0123456789\n';
    const count = Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(piece));
    server.play((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const pump = () => {
        while (i < count) {
          i++;
          if (!res.write(encodeSseEvent({ type: 'delta', text: piece }))) return void res.once('drain', pump);
        }
        res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn' }));
      };
      pump();
    });
    const { error, text } = await ask();
    assert.equal(error, undefined);
    assert.equal(text.length, piece.length * count);
    assert.equal(text.slice(-piece.length), piece);
  });

  it('connection refused says nothing listens there', async () => {
    const { error } = await ask('http://127.0.0.1:9/chat');
    assert.equal(error?.code, 'ECONNREFUSED');
    assert.match(error?.message ?? '', /Nothing is listening/);
  });

  it('an unknown host says to check the URL (resolver stubbed: no traffic leaves the machine)', async () => {
    const offline = createAgent({
      connect: {
        lookup: (hostname: string, _o: unknown, cb: (err: Error | null, address?: string, family?: number) => void) =>
          cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })),
      } as never,
    });
    const { error } = await ask('https://no-such-api.execute-api.us-east-1.amazonaws.com/prod/chat', offline);
    await offline.close();
    assert.equal(error?.code, 'ENOTFOUND');
    assert.match(error?.message ?? '', /could not be resolved/);
  });

  it('a TLS failure (https to a plain-http port) says a secure connection could not be made', async () => {
    server.play(healthy);
    const { error } = await ask(`https://127.0.0.1:${port}/chat`);
    assert.ok(error);
    assert.match(error.message, /secure connection|TLS|SSL/i);
  });
});
