import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '../../../infra/local/listen';
import { encodeSseEvent, HEARTBEAT_COMMENT, PROTOCOL_VERSION_2, type ChatRequest, type EndEvent, type StartEvent } from '../../../src/protocol/wire';
import { apiKeyAuth, noAuth, type RequestAuth } from '../../../src/transport/auth';
import { streamAnswer, type AnswerEvent, type TransportConfig } from '../../../src/transport/streamAnswer';
import { createDispatcher } from '../../../src/transport/dispatcher';
import { TransportError } from '../../../src/transport/errors';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('transport/streamAnswer (against a local HTTP server)', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let requests: { headers: IncomingMessage['headers']; body: string }[];
  const dispatcher = createDispatcher({ connectMs: 2000, firstByteMs: 1500, idleMs: 800 }, {}, {});

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ headers: req.headers, body });
        handler(req, res, body);
      });
    });
    base = `${await listen(server)}/chat`;
  });
  beforeEach(() => {
    requests = [];
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await dispatcher.close();
  });

  const config = (auth: RequestAuth = noAuth, endpoint = base): TransportConfig => ({ endpoint, auth, dispatcher, maxAutoRetryAfterMs: 2000 });

  async function run(cfg: TransportConfig, signal = new AbortController().signal): Promise<{ events: AnswerEvent[]; error?: TransportError }> {
    const events: AnswerEvent[] = [];
    try {
      for await (const e of streamAnswer(cfg, { prompt: 'hi', messages: [{ role: 'user', content: 'hi' }] }, signal)) events.push(e);
      return { events };
    } catch (err) {
      assert.ok(err instanceof TransportError, `expected TransportError, got ${err}`);
      return { events, error: err };
    }
  }

  const text = (events: AnswerEvent[]) => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');

  it('streams SSE events and sends the protocol headers and body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ type: 'start', id: 'r1', model: 'demo' }));
      res.write(encodeSseEvent({ type: 'delta', text: 'Hello ' }));
      setTimeout(() => {
        res.write(encodeSseEvent({ type: 'delta', text: 'world' }));
        res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 2 } }));
      }, 20);
    };
    const { events, error } = await run(config());
    assert.equal(error, undefined);
    assert.deepEqual(events.map((e) => e.type), ['start', 'delta', 'delta', 'end']);
    assert.equal(text(events), 'Hello world');
    assert.match(String(requests[0].headers.accept), /text\/event-stream/);
    assert.equal(requests[0].headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(requests[0].body).messages, [{ role: 'user', content: 'hi' }]);
  });

  it('accepts a plain-text endpoint with no end marker', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.write('plain ');
      res.end('answer');
    };
    const { events, error } = await run(config());
    assert.equal(error, undefined);
    assert.equal(text(events), 'plain answer');
    assert.equal(events[events.length - 1].type, 'end');
  });

  it('reports a stream cut without end as a retryable cut, keeping the text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(encodeSseEvent({ type: 'delta', text: 'partial' }));
    };
    const { events, error } = await run(config());
    assert.equal(text(events), 'partial');
    assert.equal(error?.kind, 'cut');
    assert.equal(error?.code, 'Truncated');
    assert.equal(error?.retryable, true);
  });

  it('turns an in-band error event into an endpoint error after the text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ type: 'delta', text: 'some' }));
      res.end(encodeSseEvent({ type: 'error', code: 'ThrottlingException', message: 'Rate exceeded', retryable: true }));
    };
    const { events, error } = await run(config());
    assert.equal(text(events), 'some');
    assert.equal(error?.kind, 'endpoint');
    assert.equal(error?.code, 'ThrottlingException');
    assert.match(error?.message ?? '', /Rate exceeded/);
  });

  it('retries once after a short Retry-After on 429', async () => {
    let calls = 0;
    handler = (_req, res) => {
      if (calls++ === 0) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0.1' });
        res.end('{"message":"Too Many Requests"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    };
    const { events, error } = await run(config());
    assert.equal(error, undefined);
    assert.equal(text(events), 'ok');
    assert.equal(requests.length, 2);
  });

  it('a Stop while reading an error body or waiting out Retry-After ends the request at once', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.write('Service Unav'); // never ends
    };
    const reading = new AbortController();
    setTimeout(() => reading.abort(), 100);
    const cut = await run(config(), reading.signal);
    assert.equal(cut.error?.kind, 'aborted');

    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end('{"message":"Too Many Requests"}');
    };
    const waiting = new AbortController();
    // Stopped right before the wait starts, the moment the log says it will wait.
    const log = { info: () => waiting.abort(), warn: () => undefined, debug: () => undefined };
    const started = Date.now();
    const { error } = await run({ ...config(), log }, waiting.signal);
    assert.equal(error?.kind, 'aborted');
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.equal(requests.length, 2, 'one 503 and one 429, no retry after the Stop');
  });

  it('does not wait out a long Retry-After; says when to try again', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '120' });
      res.end('{"message":"Too Many Requests"}');
    };
    const { error } = await run(config());
    assert.equal(error?.kind, 'throttled');
    assert.match(error?.message ?? '', /120 s/);
    assert.equal(requests.length, 1);
  });

  it('sends the API key header and fails clearly without a key', async () => {
    handler = (req, res) => {
      res.writeHead(req.headers['x-api-key'] === 'k-123456789012345678901' ? 200 : 403, { 'content-type': 'text/plain' });
      res.end(req.headers['x-api-key'] ? 'ok' : '{"message":"Forbidden"}');
    };
    assert.equal(text((await run(config(apiKeyAuth(async () => 'k-123456789012345678901')))).events), 'ok');
    const missing = await run(config(apiKeyAuth(async () => undefined)));
    assert.equal(missing.error?.kind, 'config');
    assert.match(missing.error?.message ?? '', /Set API Key/);
  });

  it('never puts the API key in an error message, even when the server echoes it back', async () => {
    const key = 'k-secret-0123456789abcdef';
    const echoes: Handler[] = [
      (req, res) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BadRequest', message: `bad header x-api-key=${req.headers['x-api-key']}` } }));
      },
      (req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html><head><title>Proxy error for key ${req.headers['x-api-key']}</title></head></html>`);
      },
      (req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(encodeSseEvent({ type: 'delta', text: 'partial' }) + encodeSseEvent({ type: 'error', code: 'Echo', message: `key ${req.headers['x-api-key']} refused`, retryable: false }));
      },
    ];
    for (const echo of echoes) {
      handler = echo;
      const { error } = await run(config(apiKeyAuth(async () => key)));
      assert.ok(error, 'the echo surfaced as an error');
      assert.ok(!error.message.includes(key), `key in: ${error.message}`);
      assert.match(error.message, /\[redacted\]/);
    }
  });

  describe('answer limits', () => {
    /** Deltas every 20 ms until the client hangs up; resolves with when the server saw the request closed. */
    function endlessDeltas(piece: string): Promise<number> {
      return new Promise((closed) => {
        handler = (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const timer = setInterval(() => res.write(encodeSseEvent({ type: 'delta', text: piece })), 20);
          res.on('close', () => {
            clearInterval(timer);
            closed(Date.now());
          });
        };
      });
    }

    it('aborts the HTTP request when an answer outlives its time limit, keeping the text so far', async () => {
      const serverSawClose = endlessDeltas('tick ');
      const started = Date.now();
      const { events, error } = await run({ ...config(), limits: { maxBytes: 2 ** 20, maxMs: 400 } });
      const ended = Date.now();
      assert.equal(error?.code, 'AnswerTooLong');
      assert.equal(error?.kind, 'timeout');
      assert.match(error?.message ?? '', /longer than 400 ms \(askBedrock\.timeouts\.answerSeconds\)/);
      assert.match(text(events), /^(tick )+$/);
      // Generous bounds: only a missing deadline takes longer, and a loaded CI machine must not flake this.
      assert.ok(ended - started < 3000, `took ${ended - started} ms`);
      const closedAt = await serverSawClose;
      assert.ok(closedAt - started < 3000, 'the server saw the request end, not just the client stop reading');
    });

    it('aborts the HTTP request when an answer passes its size limit, keeping the text before the limit', async () => {
      const serverSawClose = endlessDeltas('x'.repeat(1000));
      const { events, error } = await run({ ...config(), limits: { maxBytes: 4500, maxMs: 60_000 } });
      assert.equal(error?.code, 'AnswerTooLarge');
      assert.match(error?.message ?? '', /passed the 4 KB limit \(askBedrock\.limits\.answerMegabytes\).*text so far is kept/);
      assert.equal(text(events), 'x'.repeat(4000), 'every delta within the limit, none past it');
      await serverSawClose;
    });

    it('a Stop before the time limit is a Stop, not a timeout', async () => {
      void endlessDeltas('tick ');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const { error } = await run({ ...config(), limits: { maxBytes: 2 ** 20, maxMs: 300 } }, controller.signal);
      assert.equal(error?.kind, 'aborted');
    });
  });

  describe('wire protocol v2', () => {
    const v2Request: ChatRequest = {
      protocol: PROTOCOL_VERSION_2,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'read the file' }] }],
      tools: [{ name: 'readFile', inputSchema: { type: 'object' } }],
      reasoning: { budgetTokens: 2048 },
    };
    async function runV2(cfg: TransportConfig): Promise<{ events: AnswerEvent[]; error?: TransportError }> {
      const events: AnswerEvent[] = [];
      try {
        for await (const e of streamAnswer(cfg, v2Request, new AbortController().signal)) events.push(e);
        return { events };
      } catch (err) {
        assert.ok(err instanceof TransportError, `expected TransportError, got ${err}`);
        return { events, error: err };
      }
    }

    it('passes reasoning, toolUse and guardrail events through typed, skips heartbeats, and the text is exactly the deltas', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(encodeSseEvent({ type: 'start', id: 'r2', model: 'demo', protocol: 2 }));
        res.write(HEARTBEAT_COMMENT);
        res.write(encodeSseEvent({ type: 'reasoning', text: 'Let me think. ' }));
        res.write(HEARTBEAT_COMMENT);
        res.write(encodeSseEvent({ type: 'reasoning', signature: 'sig==' }));
        res.write(encodeSseEvent({ type: 'delta', text: 'Hello ' }));
        res.write(encodeSseEvent({ type: 'reasoning', redacted: 'AAEC' }));
        res.write(encodeSseEvent({ type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.ts' } }));
        res.write(HEARTBEAT_COMMENT);
        res.write(encodeSseEvent({ type: 'guardrail', action: 'INTERVENED', policies: ['contentPolicy'] }));
        res.write(encodeSseEvent({ type: 'delta', text: 'wörld' }));
        res.end(encodeSseEvent({ type: 'end', stopReason: 'tool_use', usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 7, cacheWriteInputTokens: 3 } }));
      };
      const { events, error } = await runV2(config());
      assert.equal(error, undefined);
      assert.deepEqual(events.map((e) => e.type), ['start', 'reasoning', 'reasoning', 'delta', 'reasoning', 'toolUse', 'guardrail', 'delta', 'end']);
      assert.equal(text(events), 'Hello wörld');
      assert.deepEqual(events[0], { type: 'start', id: 'r2', model: 'demo', protocol: 2 });
      assert.deepEqual(events[5], { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.ts' } });
      assert.deepEqual(events.at(-1), { type: 'end', stopReason: 'tool_use', usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 7, cacheWriteInputTokens: 3 } });
      assert.equal(JSON.parse(requests[0].body).protocol, 2);
    });

    it('counts heartbeats as life for the idle timer: 2 s of pings every 200 ms with a 500 ms idle timeout, then text', async () => {
      const idle = createDispatcher({ connectMs: 2000, firstByteMs: 1500, idleMs: 500 }, {}, {});
      const silentFor = (ms: number, beat: boolean) => (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(encodeSseEvent({ type: 'start', id: 'r3', model: 'demo', protocol: 2 }));
        const timer = beat ? setInterval(() => res.write(HEARTBEAT_COMMENT), 200) : undefined;
        setTimeout(() => {
          clearInterval(timer);
          if (res.destroyed) return;
          res.write(encodeSseEvent({ type: 'delta', text: 'after thinking' }));
          res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn' }));
        }, ms);
        res.on('close', () => clearInterval(timer));
      };
      try {
        handler = silentFor(2000, true);
        const kept = await runV2({ ...config(), dispatcher: idle });
        assert.equal(kept.error, undefined);
        assert.equal(text(kept.events), 'after thinking');

        handler = silentFor(2000, false);
        const cut = await runV2({ ...config(), dispatcher: idle });
        assert.equal(cut.error?.code, 'IdleTimeout', 'without heartbeats the same silence is an idle timeout');
      } finally {
        await idle.close();
      }
    });

    it('never adds heartbeats up: 2 MB of pings pass the 1 MB SSE bound and a 4 KB answer limit', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(HEARTBEAT_COMMENT.repeat(Math.ceil((2 * 2 ** 20) / HEARTBEAT_COMMENT.length)));
        res.write(encodeSseEvent({ type: 'delta', text: 'still here' }));
        res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn' }));
      };
      const { events, error } = await runV2({ ...config(), limits: { maxBytes: 4096, maxMs: 60_000 } });
      assert.equal(error, undefined);
      assert.equal(text(events), 'still here');
    });

    it('counts reasoning and tool input toward the answer size limit', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => res.write(encodeSseEvent({ type: 'reasoning', text: 'r'.repeat(1000) })), 10);
        res.on('close', () => clearInterval(timer));
      };
      const reasoning = await runV2({ ...config(), limits: { maxBytes: 4500, maxMs: 3000 } });
      assert.equal(reasoning.error?.code, 'AnswerTooLarge');
      assert.equal(reasoning.events.length, 4, 'every reasoning delta within the limit, none past it');

      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => res.write(encodeSseEvent({ type: 'toolUse', id: 't', name: 'write', input: { text: 'w'.repeat(1000) } })), 10);
        res.on('close', () => clearInterval(timer));
      };
      const tools = await runV2({ ...config(), limits: { maxBytes: 4500, maxMs: 3000 } });
      assert.equal(tools.error?.code, 'AnswerTooLarge');
    });

    it('still works against a v1-only SSE endpoint and the blog text/plain Lambda when the request is v2', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(encodeSseEvent({ type: 'start', id: 'v1', model: 'demo' }));
        res.write(encodeSseEvent({ type: 'delta', text: 'v1 ' }));
        res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } }));
      };
      const v1 = await runV2(config());
      assert.equal(v1.error, undefined);
      assert.equal(text(v1.events), 'v1 ');
      assert.equal((v1.events[0] as StartEvent).protocol, undefined);
      assert.deepEqual((v1.events.at(-1) as EndEvent).usage, { inputTokens: 1, outputTokens: 1 });

      handler = (_req, res) => {
        // The blog's Lambda: bare text whatever the accept header, no events, no end marker.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('blog ');
        setTimeout(() => res.end('answer'), 20);
      };
      const blog = await runV2(config());
      assert.equal(blog.error, undefined);
      assert.equal(text(blog.events), 'blog answer');
      assert.deepEqual(blog.events.at(-1), { type: 'end', stopReason: 'end_of_body' });
    });
  });

  it('stops at once when aborted mid-stream, keeping what arrived', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ type: 'delta', text: 'before stop' }));
      // never ends: only the abort can finish this request
    };
    const controller = new AbortController();
    const events: AnswerEvent[] = [];
    const started = Date.now();
    let error: unknown;
    try {
      for await (const e of streamAnswer(config(), { prompt: 'x' }, controller.signal)) {
        events.push(e);
        controller.abort();
      }
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof TransportError && error.kind === 'aborted');
    assert.equal(text(events), 'before stop');
    assert.ok(Date.now() - started < 700, 'abort did not wait for the idle timeout');
  });

  it('reports a stall mid-stream as an idle timeout and a silent server as a first-byte timeout', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ type: 'delta', text: 'then silence' }));
    };
    const stalled = await run(config());
    assert.equal(stalled.error?.code, 'IdleTimeout');
    assert.equal(text(stalled.events), 'then silence');

    handler = () => undefined;
    const silent = await run(config());
    assert.equal(silent.error?.code, 'FirstByteTimeout');
  });

  it('explains connection refused and a bad endpoint setting', async () => {
    const refused = await run(config(noAuth, 'http://127.0.0.1:9/chat'));
    assert.equal(refused.error?.code, 'ECONNREFUSED');
    assert.match(refused.error?.message ?? '', /connection refused/);
    assert.equal((await run(config(noAuth, ''))).error?.code, 'NoEndpoint');
    assert.equal((await run(config(noAuth, 'ftp://x/chat'))).error?.code, 'BadEndpoint');
  });

  it('refuses a plain-http endpoint off this machine before signing or sending anything', async () => {
    const sent: string[] = [];
    const spy = createDispatcher({ connectMs: 2000, firstByteMs: 1500, idleMs: 800 }, {}, {});
    const dispatch = spy.dispatch.bind(spy);
    spy.dispatch = (options, handler) => {
      sent.push(String(options.origin));
      return dispatch(options, handler);
    };
    let signed = 0;
    const auth: RequestAuth = {
      kind: 'apiKey',
      headers: async () => {
        signed++;
        return { 'x-api-key': 'secret' };
      },
    };
    try {
      const refused = await run({ endpoint: 'http://example.com/chat', auth, dispatcher: spy });
      assert.equal(refused.error?.code, 'BadEndpoint');
      assert.match(refused.error?.message ?? '', /must use https:\/\/.*example\.com is not one/);
      assert.deepEqual(sent, []);
      assert.equal(signed, 0);
      // The same spy sees a loopback request, so it would have seen the refused one.
      await run({ endpoint: 'http://127.0.0.1:9/chat', auth, dispatcher: spy });
      assert.deepEqual(sent, ['http://127.0.0.1:9']);
      assert.equal(signed, 1);
    } finally {
      await spy.close();
    }
  });
});
