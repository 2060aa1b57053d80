import * as assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4, type ReceivedRequest } from '../../../../infra/local/sigv4Verify';

const creds = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

/** Signs like a client would (any SigV4 signer), and returns what the server receives. */
async function signed(body: string, opts: { service?: string; region?: string; date?: number; key?: string; checksum?: boolean } = {}): Promise<ReceivedRequest> {
  const signer = new SignatureV4({
    service: opts.service ?? 'execute-api',
    region: opts.region ?? 'us-east-1',
    credentials: { ...creds, accessKeyId: opts.key ?? creds.accessKeyId },
    sha256: Sha256,
    applyChecksum: opts.checksum ?? false,
  });
  const req = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 8787, path: '/chat', headers: { host: '127.0.0.1:8787', 'content-type': 'application/json' }, body }),
    { signingDate: new Date(opts.date ?? NOW) },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  return { method: 'POST', host: '127.0.0.1:8787', path: '/chat', query: {}, headers, body: Buffer.from(body) };
}

describe('infra/local SigV4 verification', () => {
  it('accepts a valid signature, with or without x-amz-content-sha256', async () => {
    assert.deepEqual(await verifySigV4(await signed('{"a":1}'), creds, 'us-east-1', NOW), { ok: true, accessKeyId: 'AKIDTEST' });
    assert.equal((await verifySigV4(await signed('{"a":1}', { checksum: true }), creds, 'us-east-1', NOW)).ok, true);
  });

  const rejects: [string, () => Promise<ReceivedRequest>, RegExp][] = [
    ['an unknown access key', () => signed('{}', { key: 'AKIDOTHER' }), /security token included in the request is invalid/],
    ['another service', () => signed('{}', { service: 'lambda' }), /correct service: 'execute-api'/],
    ['a signature from the future', () => signed('{}', { date: NOW + 6 * 60_000 }), /Signature not yet current/],
    [
      'a body that does not match x-amz-content-sha256',
      async () => ({ ...(await signed('{"a":1}', { checksum: true })), body: Buffer.from('{"a":2}') }),
      /signature we calculated does not match/,
    ],
    [
      'a changed signed header',
      async () => {
        const r = await signed('{}');
        return { ...r, headers: { ...r.headers, 'content-type': 'text/plain' } };
      },
      /signature we calculated does not match/,
    ],
    [
      'a malformed Authorization header',
      async () => {
        const r = await signed('{}');
        return { ...r, headers: { ...r.headers, authorization: 'AWS4-HMAC-SHA256 nonsense' } };
      },
      /requires 'Credential', 'Signature' and 'SignedHeaders'/,
    ],
  ];
  for (const [name, make, message] of rejects) {
    it(`rejects ${name}`, async () => {
      const verdict = await verifySigV4(await make(), creds, 'us-east-1', NOW);
      assert.equal(verdict.ok, false);
      if (!verdict.ok) assert.match(verdict.message, message);
    });
  }
});
