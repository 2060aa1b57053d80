import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { encodeSseEvent } from '../../../src/protocol';
import { noAuth } from '../../../src/transport/auth';
import { streamAnswer, type AnswerEvent } from '../../../src/transport/client';
import { createDispatcher } from '../../../src/transport/dispatcher';
import { TransportError } from '../../../src/transport/errors';
import { createAgent } from '../../../src/transport/undici';

/** One scripted misbehaviour of an endpoint and what the user must see. */
interface Fault {
  name: string;
  serve: (req: IncomingMessage, res: ServerResponse, socket: Socket) => void;
  expect: { kind?: TransportError['kind']; code?: string; message: RegExp; text?: string; retryable?: boolean };
}

const sse = (...events: Parameters<typeof encodeSseEvent>[0][]) => events.map(encodeSseEvent).join('');
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const faults: Fault[] = [
  { name: 'reset before headers', serve: (_q, _r, socket) => socket.destroy(), expect: { message: /closed unexpectedly|reset|failed/i, retryable: true } },
  {
    name: 'reset mid-stream',
    serve: (_q, res, socket) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ type: 'delta', text: 'half an ans' }), () => setTimeout(() => socket.destroy(), 30));
    },
    expect: { message: /closed|cut|reset/i, text: 'half an ans', retryable: true },
  },
  { name: 'stall before the first byte', serve: () => undefined, expect: { code: 'FirstByteTimeout', message: /did not start answering/ } },
  {
    name: 'stall mid-stream',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ type: 'delta', text: 'so far' }));
    },
    expect: { code: 'IdleTimeout', message: /stalled/, text: 'so far' },
  },
  { name: '400 with our error body', serve: (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: '"messages" must end with a user turn.' } }), expect: { kind: 'badRequest', message: /must end with a user turn/ } },
  { name: '401', serve: (_q, res) => json(res, 401, { message: 'Unauthorized' }), expect: { kind: 'auth', message: /Unauthorized/ } },
  { name: '403 Forbidden (API key)', serve: (_q, res) => json(res, 403, { message: 'Forbidden' }), expect: { kind: 'auth', message: /API key/ } },
  { name: '403 Missing Authentication Token', serve: (_q, res) => json(res, 403, { message: 'Missing Authentication Token' }), expect: { kind: 'auth', message: /path or method/ } },
  { name: '404', serve: (_q, res) => json(res, 404, { message: 'Not Found' }), expect: { kind: 'notFound', message: /full URL/ } },
  { name: '413', serve: (_q, res) => json(res, 413, { error: { code: 'PayloadTooLarge', message: 'Request body is over 262144 bytes.' } }), expect: { kind: 'tooLarge', message: /Select less code/ } },
  { name: '429 without Retry-After', serve: (_q, res) => json(res, 429, { message: 'Too Many Requests' }), expect: { kind: 'throttled', message: /throttling/, retryable: true } },
  { name: '429 with a long Retry-After', serve: (_q, res) => json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '90' }), expect: { kind: 'throttled', message: /90 s/ } },
  { name: '500', serve: (_q, res) => json(res, 500, { message: 'Internal server error' }), expect: { kind: 'server', message: /500.*Internal server error/, retryable: true } },
  { name: '502 (Lambda crashed)', serve: (_q, res) => json(res, 502, { message: 'Internal server error' }), expect: { kind: 'server', message: /502/ } },
  { name: '503', serve: (_q, res) => json(res, 503, { error: { code: 'ServiceUnavailableException', message: 'Bedrock is unavailable' } }), expect: { code: 'ServiceUnavailableException', message: /unavailable/ } },
  { name: '504 (integration timeout)', serve: (_q, res) => json(res, 504, { message: 'Endpoint request timed out' }), expect: { kind: 'timeout', message: /timed out/ } },
  {
    name: 'an HTML error page',
    serve: (_q, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Bad Gateway from proxy</title><script>x()</script></head><body>…</body></html>');
    },
    expect: { kind: 'server', message: /Bad Gateway from proxy/ },
  },
  {
    name: 'malformed SSE data',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'delta', text: 'ok ' }) + 'event: delta\ndata: {"text": \n\n');
    },
    expect: { kind: 'protocol', message: /malformed/, text: 'ok ' },
  },
  {
    name: 'a stream with no end',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'start', id: 'x', model: 'm' }, { type: 'delta', text: 'cut here' }));
    },
    expect: { kind: 'cut', code: 'Truncated', message: /cut off/, text: 'cut here' },
  },
  {
    name: 'an error event after text',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'delta', text: 'partial' }, { type: 'error', code: 'ModelStreamErrorException', message: 'The model failed', retryable: true }));
    },
    expect: { kind: 'endpoint', code: 'ModelStreamErrorException', message: /model failed/, text: 'partial' },
  },
];

describe('transport fault matrix', function () {
  this.timeout(20_000);
  let server: Server;
  let port: number;
  let fault: Fault['serve'];
  const sockets = new Set<Socket>();
  const dispatcher = createDispatcher({ connectMs: 1000, firstByteMs: 600, idleMs: 400 }, {}, {});

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => fault(req, res, req.socket));
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
    await dispatcher.close();
  });

  async function ask(endpoint = `http://127.0.0.1:${port}/chat`, via = dispatcher) {
    const events: AnswerEvent[] = [];
    let error: TransportError | undefined;
    const started = Date.now();
    try {
      for await (const e of streamAnswer({ endpoint, auth: noAuth, dispatcher: via }, { prompt: 'q' }, new AbortController().signal)) events.push(e);
    } catch (err) {
      assert.ok(err instanceof TransportError, `not a TransportError: ${err}`);
      error = err;
    }
    const text = events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
    return { events, error, text, ms: Date.now() - started };
  }

  const healthy: Fault['serve'] = (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(sse({ type: 'delta', text: 'fine' }, { type: 'end', stopReason: 'end_turn' }));
  };

  for (const f of faults) {
    it(`${f.name}: a clear message, partial text kept, no hang, and the next request works`, async () => {
      fault = f.serve;
      const { error, text, ms } = await ask();
      assert.ok(error, 'the fault surfaced as an error');
      if (f.expect.kind) assert.equal(error.kind, f.expect.kind);
      if (f.expect.code) assert.equal(error.code, f.expect.code);
      assert.match(error.message, f.expect.message);
      if (f.expect.retryable !== undefined) assert.equal(error.retryable, f.expect.retryable);
      assert.equal(text, f.expect.text ?? '');
      assert.ok(ms < 3000, `took ${ms} ms`);
      fault = healthy;
      const next = await ask();
      assert.equal(next.error, undefined, next.error?.message);
      assert.equal(next.text, 'fine');
    });
  }

  it('unknown event types are skipped and 1-byte chunks decode, with Japanese intact', async () => {
    const body = Buffer.from('event: ping\ndata: {}\n\n' + sse({ type: 'delta', text: '日本語と English' }, { type: 'end', stopReason: 'end_turn' }));
    fault = (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = () => (i < body.length ? res.write(body.subarray(i, ++i), () => setImmediate(next)) : res.end());
      next();
    };
    const { error, text } = await ask();
    assert.equal(error, undefined);
    assert.equal(text, '日本語と English');
  });

  it('invalid UTF-8 becomes replacement characters, not an error', async () => {
    fault = (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.from([0x6f, 0x6b, 0xc3, 0x28, 0xff]));
    };
    const { error, text } = await ask();
    assert.equal(error, undefined);
    assert.equal(text, 'ok\uFFFD(\uFFFD');
  });

  it('a 10 MB answer arrives whole', async () => {
    const piece = 'あいうえお0123456789\n';
    const count = Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(piece));
    fault = (_q, res) => {
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
    };
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
    fault = healthy;
    const { error } = await ask(`https://127.0.0.1:${port}/chat`);
    assert.ok(error);
    assert.match(error.message, /secure connection|TLS|SSL/i);
  });
});
