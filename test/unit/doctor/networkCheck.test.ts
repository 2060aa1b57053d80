import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { listen } from '../../../infra/local/listen';
import { networkCheck } from '../../../src/doctor/networkCheck';
import { TrustedCertificates } from '../../../src/transport/trustedCertificates';
import { contextFor, doctorDeps } from './doctorDeps';

const TLS_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'tls');
const SERVER_TLS = { key: readFileSync(path.join(TLS_FIXTURES, 'server.key')), cert: readFileSync(path.join(TLS_FIXTURES, 'server.pem')) };
const signal = new AbortController().signal;
const GATEWAY_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat';
const notFound = async () => {
  throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
};

describe('doctor/networkCheck: DNS and TLS through the transport\'s dispatcher', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  async function serve(server: Server): Promise<number> {
    servers.push(server);
    await listen(server, 0, '127.0.0.1');
    return (server.address() as AddressInfo).port;
  }

  it('a local endpoint that answers passes, and its Date header is kept for the clock check', async () => {
    const port = await serve(createServer((_req, res) => res.writeHead(403, { date: 'Tue, 01 Dec 2026 09:00:00 GMT' }).end('{"message":"Missing Authentication Token"}')));
    const context = contextFor(doctorDeps(`http://127.0.0.1:${port}/chat`, {}, { now: () => Date.parse('2026-12-01T09:00:02Z') }));
    const result = await networkCheck.run(context, signal);
    assert.equal(result.status, 'pass', result.detail);
    assert.match(result.detail, /this machine; plain http, no TLS; answered HTTP 403/);
    assert.ok(context.clocks, 'the Date header was read');
    assert.equal(context.clocks.endpointMs, Date.parse('2026-12-01T09:00:00Z'));
    assert.ok(Math.abs(context.clocks.localMs - Date.parse('2026-12-01T09:00:02Z')) < 1000);
  });

  it('nothing listening on this machine fails with "start the local endpoint"', async () => {
    const port = await serve(createServer());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const result = await networkCheck.run(contextFor(doctorDeps(`http://127.0.0.1:${port}/chat`)), signal);
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /connection refused/);
    assert.match(result.fix ?? '', /npm run local/);
  });

  it('a host that does not resolve fails at DNS, with the fix for the host name', async () => {
    const result = await networkCheck.run(contextFor(doctorDeps(GATEWAY_URL, {}, { lookup: notFound })), signal);
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /abc123\.execute-api\.us-east-1\.amazonaws\.com does not resolve \(ENOTFOUND\)/);
    assert.match(result.fix ?? '', /host name/);
  });

  it('through a proxy the proxy resolves the name; a proxy that does not answer fails with the proxy fix', async () => {
    const port = await serve(createServer());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const deps = doctorDeps(GATEWAY_URL, {}, { lookup: notFound, http: { proxy: `http://user:secret@127.0.0.1:${port}` } });
    const result = await networkCheck.run(contextFor(deps), signal);
    assert.equal(result.status, 'fail');
    assert.match(result.fix ?? '', /http\.proxy/);
    assert.doesNotMatch(`${result.detail} ${result.fix}`, /secret/, 'the proxy\'s password is not shown');
  });

  it('a certificate from an unknown authority fails TLS with the fix for company CAs; trusted through NODE_EXTRA_CA_CERTS it passes', async () => {
    const port = await serve(createHttpsServer(SERVER_TLS, (_req, res) => res.writeHead(403).end('{"message":"Missing Authentication Token"}')));
    const endpoint = `https://127.0.0.1:${port}/prod/chat`;
    const untrusted = await networkCheck.run(contextFor(doctorDeps(endpoint)), signal);
    assert.equal(untrusted.status, 'fail');
    assert.match(untrusted.detail, /secure connection/);
    assert.match(untrusted.fix ?? '', /NODE_EXTRA_CA_CERTS/);

    const certificates = new TrustedCertificates({ env: { NODE_EXTRA_CA_CERTS: path.join(TLS_FIXTURES, 'ca.pem') }, readSystem: async () => [] });
    const trusted = await networkCheck.run(contextFor(doctorDeps(endpoint, {}, { certificates })), signal);
    assert.equal(trusted.status, 'pass', trusted.detail);
    assert.match(trusted.detail, /TLS verified/);
  });
});
