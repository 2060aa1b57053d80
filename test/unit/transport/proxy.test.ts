import * as assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { listen } from '../../../infra/local/listen';
import { encodeSseEvent } from '../../../src/protocol/wire';
import type { AnswerLimits } from '../../../src/transport/answerLimits';
import { noAuth } from '../../../src/transport/auth';
import { streamAnswer } from '../../../src/transport/streamAnswer';
import { createDispatcher, type HttpSettings } from '../../../src/transport/dispatcher';
import { TransportError } from '../../../src/transport/errors';
import type { Dispatcher } from '../../../src/transport/lazyUndici';

const TIMEOUTS = { connectMs: 1000, firstByteMs: 1000, idleMs: 1000 };

async function close(server: NetServer, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
}

/** A server that remembers its sockets, so `close` can end them. */
function tracked<T extends NetServer>(server: T): { server: T; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, sockets };
}

describe('transport through a proxy', function () {
  this.timeout(10_000);
  const dispatchers: Dispatcher[] = [];

  after(async () => {
    // destroy, not close: a request stuck in undici would keep close() waiting
    await Promise.all(dispatchers.map((d) => d.destroy()));
  });

  async function ask(endpoint: string, http: HttpSettings, env: NodeJS.ProcessEnv, limits?: AnswerLimits, signal = new AbortController().signal) {
    const dispatcher = createDispatcher(TIMEOUTS, http, env);
    dispatchers.push(dispatcher);
    const started = Date.now();
    let text = '';
    try {
      for await (const event of streamAnswer({ endpoint, auth: noAuth, dispatcher, limits }, { prompt: 'hi' }, signal)) {
        if (event.type === 'delta') text += event.text;
      }
      return { text, ms: Date.now() - started };
    } catch (err) {
      assert.ok(err instanceof TransportError, `expected TransportError, got ${err}`);
      return { text, error: err, ms: Date.now() - started };
    }
  }

  describe('fault: proxy closes on CONNECT', () => {
    let connections = 0;
    const rude = tracked(
      createNetServer((socket) => {
        connections++;
        socket.once('data', () => socket.destroy());
      }),
    );
    let proxy: string;

    before(async () => (proxy = await listen(rude.server)));
    after(() => close(rude.server, rude.sockets));

    it('fails at once with a clear error after one connection, where undici alone reconnects in a loop forever', async () => {
      const { error, ms } = await ask('https://endpoint.test/chat', { proxy }, {}, { maxBytes: 2 ** 20, maxMs: 1500 });
      assert.equal(error?.code, 'ProxyClosed');
      assert.match(error?.message ?? '', /proxy closed the connection.*http\.proxy/);
      assert.ok(ms < 1000, `took ${ms} ms`);
      const after = connections;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(after <= 2 && connections === after, `${after} connections, then ${connections - after} more after the error`);
    });
  });

  describe('fault: proxy never answers CONNECT (undici neither times it out for minutes nor lets a Stop end it)', () => {
    const silent = tracked(createNetServer(() => undefined));
    let proxy: string;

    before(async () => (proxy = await listen(silent.server)));
    after(() => close(silent.server, silent.sockets));

    it('ends with the answer time limit error within the limit', async () => {
      const { error, ms } = await ask('https://endpoint.test/chat', { proxy }, {}, { maxBytes: 2 ** 20, maxMs: 500 });
      assert.equal(error?.code, 'AnswerTooLong');
      assert.ok(ms < 2000, `took ${ms} ms`);
      assert.ok(silent.sockets.size > 0, 'the request went to the proxy');
    });

    it('ends at once with a Stop', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const { error, ms } = await ask('https://endpoint.test/chat', { proxy }, {}, undefined, controller.signal);
      assert.equal(error?.kind, 'aborted');
      assert.ok(ms < 2000, `took ${ms} ms`);
    });
  });

  describe('plain http, with HTTP_PROXY set', () => {
    const endpoint = tracked(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(encodeSseEvent({ type: 'delta', text: 'direct' }));
        res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn' }));
      }),
    );
    /** What reached the proxy: CONNECT targets and absolute-form request URLs. */
    const proxied: string[] = [];
    const proxy = tracked(
      createHttpServer((req, res) => {
        proxied.push(String(req.url));
        res.writeHead(502).end();
      }),
    );
    proxy.server.on('connect', (req, socket: Socket) => {
      proxied.push(String(req.url));
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    let port: number;
    let env: NodeJS.ProcessEnv;

    before(async () => {
      port = Number(new URL(await listen(endpoint.server)).port);
      env = { HTTP_PROXY: await listen(proxy.server) };
    });
    beforeEach(() => (proxied.length = 0));
    after(() => Promise.all([close(endpoint.server, endpoint.sockets), close(proxy.server, proxy.sockets)]));

    it('goes direct, never through the proxy, to 127.0.0.1, localhost and [::1]', async () => {
      const { text, error } = await ask(`http://127.0.0.1:${port}/chat`, {}, env);
      assert.equal(error, undefined, error?.message);
      assert.equal(text, 'direct');
      // Whether these connect depends on the machine's IPv6; either way they must not reach the proxy.
      await ask(`http://localhost:${port}/chat`, {}, env);
      await ask(`http://[::1]:${port}/chat`, {}, env);
      assert.deepEqual(proxied, []);
    });

    it('refuses other loopback addresses (127.0.0.2) before sending anything, as they would go through the proxy in clear', async () => {
      const { error } = await ask(`http://127.0.0.2:${port}/chat`, {}, env);
      assert.equal(error?.code, 'BadEndpoint');
      assert.match(error?.message ?? '', /127\.0\.0\.2 is not one/);
      assert.deepEqual(proxied, []);
    });
  });

  describe('which proxy: http.proxy over the environment, bypassing http.noProxy and NO_PROXY', () => {
    /** A proxy that records each CONNECT target and refuses it. */
    const recording = () => {
      const targets: string[] = [];
      const proxy = tracked(createHttpServer((_req, res) => res.writeHead(502).end()));
      proxy.server.on('connect', (req, socket: Socket) => {
        targets.push(String(req.url));
        socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      });
      return { ...proxy, targets, url: '' };
    };
    const fromSettings = recording();
    const fromEnv = recording();
    // https to a loopback address that is not in LOOPBACK_HOSTS, so it is proxied unless told otherwise; nothing listens on port 9.
    const target = '127.0.0.2:9';
    const endpoint = `https://${target}/chat`;

    before(async () => {
      fromSettings.url = await listen(fromSettings.server);
      fromEnv.url = await listen(fromEnv.server);
    });
    beforeEach(() => {
      fromSettings.targets.length = 0;
      fromEnv.targets.length = 0;
    });
    after(() => Promise.all([close(fromSettings.server, fromSettings.sockets), close(fromEnv.server, fromEnv.sockets)]));

    it('uses HTTPS_PROXY (or https_proxy, HTTP_PROXY) from the environment when http.proxy is empty', async () => {
      await ask(endpoint, { proxy: '  ' }, { HTTPS_PROXY: fromEnv.url });
      await ask(endpoint, {}, { https_proxy: fromEnv.url });
      await ask(endpoint, {}, { HTTP_PROXY: fromEnv.url });
      assert.deepEqual(fromEnv.targets, [target, target, target]);
    });

    it('prefers http.proxy to the environment', async () => {
      await ask(endpoint, { proxy: fromSettings.url }, { HTTPS_PROXY: fromEnv.url, HTTP_PROXY: fromEnv.url });
      assert.deepEqual([fromSettings.targets, fromEnv.targets], [[target], []]);
    });

    it('goes direct to the hosts in http.noProxy or NO_PROXY', async () => {
      await ask(endpoint, { proxy: fromSettings.url, noProxy: ['127.0.0.2'] }, {});
      await ask(endpoint, { proxy: fromSettings.url }, { NO_PROXY: 'example.com,127.0.0.2' });
      await ask(endpoint, {}, { HTTPS_PROXY: fromEnv.url, no_proxy: '127.0.0.2' });
      assert.deepEqual([fromSettings.targets, fromEnv.targets], [[], []]);
    });
  });
});
