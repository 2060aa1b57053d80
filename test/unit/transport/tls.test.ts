import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { listen } from '../../../infra/local/listen';
import { readSettings } from '../../../src/config/settings';
import { encodeSseEvent } from '../../../src/protocol/wire';
import { noAuth } from '../../../src/transport/auth';
import { streamAnswer, type TransportLog } from '../../../src/transport/streamAnswer';
import { certificateChecksOff, createDispatcher, type HttpSettings } from '../../../src/transport/dispatcher';
import { EndpointClient } from '../../../src/transport/endpointClient';
import { TransportError } from '../../../src/transport/errors';
import { TrustedCertificates } from '../../../src/transport/trustedCertificates';

const TLS_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'tls');
const CA_FILE = path.join(TLS_FIXTURES, 'ca.pem');
/** Signed by the fixtures' private test CA, which neither Node nor any system store knows. */
const SERVER_TLS = { key: readFileSync(path.join(TLS_FIXTURES, 'server.key')), cert: readFileSync(path.join(TLS_FIXTURES, 'server.pem')) };
const TIMEOUTS = { connectMs: 3000, firstByteMs: 3000, idleMs: 3000 };

/** Only the extra store knows the test CA (NODE_EXTRA_CA_CERTS, injected), or only the system store. */
const viaExtra = () => new TrustedCertificates({ env: { NODE_EXTRA_CA_CERTS: CA_FILE }, readSystem: async () => [] });
const viaSystem = () => new TrustedCertificates({ env: {}, readSystem: async () => [readFileSync(CA_FILE, 'utf8')] });

const TLS_ERROR = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_)/;

/** An HTTP CONNECT proxy (over TLS when given a certificate) that tunnels every target to `port` on 127.0.0.1. */
async function startProxy(port: () => number, tlsOptions?: typeof SERVER_TLS): Promise<{ server: Server; url: string; targets: string[] }> {
  const targets: string[] = [];
  const server = tlsOptions ? createHttpsServer(tlsOptions) : createHttpServer();
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(String(req.url));
    const upstream = connect(port(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  // An https proxy by name: TLS servernames are never IP addresses.
  const url = (await listen(server)).replace(/^http:\/\/127\.0\.0\.1/, tlsOptions ? 'https://localhost' : 'http://127.0.0.1');
  return { server, url, targets };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('transport over TLS: certificates the system or NODE_EXTRA_CA_CERTS trusts', () => {
  let endpoint: Server;
  let port: number;
  let httpProxy: Awaited<ReturnType<typeof startProxy>>;
  let httpsProxy: Awaited<ReturnType<typeof startProxy>>;
  const dispatchers: { close(): Promise<void> }[] = [];

  before(async () => {
    endpoint = createHttpsServer(SERVER_TLS, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ type: 'delta', text: 'over TLS' }));
      res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn' }));
    });
    port = Number(new URL(await listen(endpoint)).port);
    httpProxy = await startProxy(() => port);
    httpsProxy = await startProxy(() => port, SERVER_TLS);
  });
  after(async () => {
    await Promise.all(dispatchers.map((d) => d.close()));
    await Promise.all([endpoint, httpProxy.server, httpsProxy.server].map(close));
  });

  const direct = () => `https://127.0.0.1:${port}/chat`;
  // A name the proxy tunnels (loopback is never proxied); the certificate names it too.
  const proxied = () => `https://endpoint.test:${port}/chat`;

  async function ask(endpointUrl: string, http: HttpSettings, certificates?: TrustedCertificates): Promise<{ text: string; error?: TransportError }> {
    const ca = certificates ? await certificates.load(http.systemCertificates !== false) : undefined;
    const dispatcher = createDispatcher(TIMEOUTS, http, {}, ca);
    dispatchers.push(dispatcher);
    let text = '';
    try {
      for await (const event of streamAnswer({ endpoint: endpointUrl, auth: noAuth, dispatcher }, { prompt: 'hi' }, new AbortController().signal)) {
        if (event.type === 'delta') text += event.text;
      }
      return { text };
    } catch (err) {
      assert.ok(err instanceof TransportError, `expected TransportError, got ${err}`);
      return { text, error: err };
    }
  }

  const assertCertificateError = (result: { error?: TransportError }) => {
    assert.match(result.error?.code ?? 'no error', TLS_ERROR);
    assert.match(result.error?.message ?? '', /secure connection/);
  };

  it("fails with a certificate error when only Node's own roots are trusted", async () => {
    assertCertificateError(await ask(direct(), {}));
    assertCertificateError(await ask(direct(), {}, new TrustedCertificates({ env: {}, readSystem: async () => [] })));
  });

  it('succeeds when NODE_EXTRA_CA_CERTS names the CA', async () => {
    assert.deepEqual(await ask(direct(), {}, viaExtra()), { text: 'over TLS' });
  });

  it('succeeds when the system store holds the CA, unless http.systemCertificates is off', async () => {
    assert.deepEqual(await ask(direct(), {}, viaSystem()), { text: 'over TLS' });
    assertCertificateError(await ask(direct(), { systemCertificates: false }, viaSystem()));
  });

  it('trusts the same certificates for the endpoint behind an HTTP proxy (requestTls)', async () => {
    const http = { proxy: httpProxy.url };
    assertCertificateError(await ask(proxied(), http));
    assert.deepEqual(await ask(proxied(), http, viaExtra()), { text: 'over TLS' });
    assert.deepEqual(await ask(proxied(), http, viaSystem()), { text: 'over TLS' });
    assert.ok(httpProxy.targets.includes(`endpoint.test:${port}`), 'the request went through the proxy');
  });

  it('trusts the same certificates for an HTTPS proxy itself (proxyTls)', async () => {
    const http = { proxy: httpsProxy.url };
    const before = httpsProxy.targets.length;
    assertCertificateError(await ask(proxied(), http));
    assert.equal(httpsProxy.targets.length, before, 'no tunnel through a proxy whose certificate is not trusted');
    assert.deepEqual(await ask(proxied(), http, viaSystem()), { text: 'over TLS' });
    assert.equal(httpsProxy.targets.length, before + 1);
  });

  it('with http.proxyStrictSSL false accepts any certificate, directly and through a proxy', async () => {
    assert.deepEqual(await ask(direct(), { strictSSL: false }), { text: 'over TLS' });
    assert.deepEqual(await ask(proxied(), { strictSSL: false, proxy: httpProxy.url }), { text: 'over TLS' });
    assert.deepEqual(await ask(proxied(), { strictSSL: false, proxy: httpsProxy.url }), { text: 'over TLS' });
  });

  describe('through the EndpointClient every caller uses', () => {
    const log = () => {
      const lines: { level: string; message: string }[] = [];
      const sink: TransportLog = {
        info: (message) => lines.push({ level: 'info', message }),
        warn: (message) => lines.push({ level: 'warn', message }),
        debug: (message) => lines.push({ level: 'debug', message }),
      };
      return { lines, sink };
    };
    /** Settings as readSettings makes them, with the endpoint and auth a user set. */
    const settingsFor = (endpointUrl: string) => {
      const user: Record<string, unknown> = { endpoint: endpointUrl, auth: 'none' };
      const config = {
        get: <T>(_key: string, fallback?: T) => fallback,
        inspect: <T>(key: string) => ({ key, globalValue: user[key] as T }),
      } as unknown as vscode.WorkspaceConfiguration;
      return () => readSettings(config, true);
    };
    const client = (http: HttpSettings, certificates: TrustedCertificates, sink: TransportLog) =>
      new EndpointClient({ settings: settingsFor(direct()), http: () => http, readApiKey: async () => undefined, log: sink, userAgent: 'test', certificates });
    async function answer(endpointClient: EndpointClient): Promise<string> {
      let text = '';
      for await (const event of endpointClient.stream({ prompt: 'hi' }, new AbortController().signal)) {
        if (event.type === 'delta') text += event.text;
      }
      return text;
    }

    it('loads the trusted certificates on the first request and keeps them', async () => {
      let reads = 0;
      const certificates = new TrustedCertificates({
        env: {},
        readSystem: async () => {
          reads++;
          return [readFileSync(CA_FILE, 'utf8')];
        },
      });
      const { sink } = log();
      const endpointClient = client({}, certificates, sink);
      try {
        assert.equal(reads, 0, 'nothing is read before a request');
        assert.equal(await answer(endpointClient), 'over TLS');
        assert.equal(await answer(endpointClient), 'over TLS');
        assert.equal(reads, 1);
      } finally {
        endpointClient.dispose();
      }
    });

    it('makes the dispatcher again on the next request after making it failed, without a settings change', async () => {
      let loads = 0;
      class FlakyCertificates extends TrustedCertificates {
        override load(includeSystem: boolean): Promise<string[]> {
          return loads++ === 0 ? Promise.reject(new Error('the certificates could not be loaded')) : super.load(includeSystem);
        }
      }
      const { sink } = log();
      const endpointClient = client({}, new FlakyCertificates({ env: {}, readSystem: async () => [readFileSync(CA_FILE, 'utf8')] }), sink);
      try {
        await assert.rejects(answer(endpointClient), /could not be loaded/);
        assert.equal(await answer(endpointClient), 'over TLS');
        assert.equal(loads, 2);
      } finally {
        endpointClient.dispose();
      }
    });

    it('says once in the log that certificate checks are off while http.proxyStrictSSL is false', async () => {
      const { lines, sink } = log();
      const http: HttpSettings = { strictSSL: false };
      const endpointClient = client(http, new TrustedCertificates({ env: {}, readSystem: async () => [] }), sink);
      try {
        assert.equal(await answer(endpointClient), 'over TLS');
        assert.equal(await answer(endpointClient), 'over TLS');
        http.noProxy = ['changed.example']; // a new dispatcher, still with checks off
        assert.equal(await answer(endpointClient), 'over TLS');
        assert.deepEqual(
          lines.filter((l) => l.level === 'warn'),
          [{ level: 'warn', message: certificateChecksOff() }],
        );
      } finally {
        endpointClient.dispose();
      }
    });
  });
});
