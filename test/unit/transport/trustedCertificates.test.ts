import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { readSystemCertificates, splitPem } from '../../../src/transport/systemCertificates';
import { TrustedCertificates, type CertificateSources } from '../../../src/transport/trustedCertificates';

const TLS_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'tls');
const CA_FILE = path.join(TLS_FIXTURES, 'ca.pem');
const CA = readFileSync(CA_FILE, 'utf8').trim();

/** A loader over stand-in sources that records what it was asked and what it logged. */
function loader(sources: Partial<CertificateSources> & { system?: string[] | Error } = {}) {
  const calls = { system: 0 };
  const warnings: string[] = [];
  const certificates = new TrustedCertificates({
    env: {},
    readSystem: async () => {
      calls.system++;
      if (sources.system instanceof Error) throw sources.system;
      return sources.system ?? [];
    },
    log: { warn: (m) => warnings.push(m), debug: () => undefined },
    ...sources,
  });
  return { certificates, calls, warnings };
}

const holds = (list: string[], pem: string) => list.some((c) => c.replace(/\s+/g, '') === pem.replace(/\s+/g, ''));

describe('transport/trustedCertificates: what the transport trusts', () => {
  it("trusts Node's roots plus the file NODE_EXTRA_CA_CERTS names", async () => {
    const { certificates } = loader({ env: { NODE_EXTRA_CA_CERTS: CA_FILE } });
    const trusted = await certificates.load(true);
    assert.ok(holds(trusted, CA));
    for (const root of tls.rootCertificates) assert.ok(holds(trusted, root));
    assert.equal(trusted.length, tls.rootCertificates.length + 1);
  });

  it('adds the system store, each certificate once however its lines are wrapped', async () => {
    const rewrapped = CA.replace(/\n/g, '\r\n');
    const { certificates } = loader({ system: [CA, rewrapped, tls.rootCertificates[0]] });
    const trusted = await certificates.load(true);
    assert.ok(holds(trusted, CA));
    assert.equal(trusted.length, tls.rootCertificates.length + 1);
  });

  it('leaves the system store out when http.systemCertificates is off', async () => {
    const { certificates, calls } = loader({ system: [CA] });
    const trusted = await certificates.load(false);
    assert.equal(calls.system, 0);
    assert.ok(!holds(trusted, CA));
    assert.equal(trusted.length, tls.rootCertificates.length);
  });

  it('reads the stores once and keeps the result, even for requests that start together', async () => {
    const { certificates, calls } = loader({ system: [CA] });
    const [a, b] = await Promise.all([certificates.load(true), certificates.load(true)]);
    const c = await certificates.load(true);
    assert.equal(calls.system, 1);
    assert.equal(a, b);
    assert.equal(a, c);
  });

  it('logs a store it cannot read and trusts the rest', async () => {
    const { certificates, warnings } = loader({
      system: new Error('no keychain'),
      env: { NODE_EXTRA_CA_CERTS: path.join(TLS_FIXTURES, 'missing.pem') },
    });
    const trusted = await certificates.load(true);
    assert.equal(trusted.length, tls.rootCertificates.length);
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /no keychain/);
    assert.match(warnings.join('\n'), /NODE_EXTRA_CA_CERTS names .*missing\.pem/);
  });

  it('drops store certificates that have expired or do not parse', async () => {
    const after2125 = Date.UTC(2126, 0, 1);
    const junk = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----';
    const { certificates } = loader({ system: [CA, junk], now: () => after2125 });
    const trusted = await certificates.load(true);
    assert.ok(!holds(trusted, CA));
    assert.ok(!holds(trusted, junk));
  });
});

describe('transport/systemCertificates: reading the operating system store', () => {
  it('splits a PEM bundle into its certificates, dropping the text around them', () => {
    const bundle = `# Ask Bedrock Test CA\n${CA}\n\n# again\n${CA}\ntrailing text`;
    assert.deepEqual(splitPem(bundle), [CA, CA]);
    assert.deepEqual(splitPem('no certificates here'), []);
  });

  it("reads this machine's store as certificates that parse", async () => {
    const system = await readSystemCertificates();
    assert.ok(system.length > 0, 'the system store is empty');
    for (const pem of system.slice(0, 20)) assert.ok(new X509Certificate(pem).subject);
  });
});
