import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../infra/local/listen';
import { authCheck } from '../../../src/doctor/authCheck';
import { formatReport } from '../../../src/doctor/report';
import type { DoctorReport } from '../../../src/doctor/runDoctor';
import { apiKeyAuth, iamAuth } from '../../../src/transport/auth';
import { contextFor, doctorDeps } from './doctorDeps';

const CREDENTIALS = { accessKeyId: 'AKIALOCALTEST0000001', secretAccessKey: 'local-test-secret-key-0000000000000000000', sessionToken: 'local-session-token-0000000000' };
const API_KEY = 'local-api-key-0123456789';

describe('doctor: no secret in the report', () => {
  it('an endpoint that echoes the API key, the signature, the access key id or the session token gets them redacted in the detail', async () => {
    // A 401 that quotes back what it was sent, each part on its own, as a misconfigured proxy or gateway might.
    const server = createServer((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      const parts = [String(req.headers['x-api-key'] ?? ''), auth, /Signature=(\w+)/.exec(auth)?.[1] ?? '', /Credential=(\w+)/.exec(auth)?.[1] ?? '', String(req.headers['x-amz-security-token'] ?? '')];
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `Unauthorized: ${parts.filter(Boolean).join(' | ')}` }));
    });
    await listen(server, 0, '127.0.0.1');
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
      const keyed = contextFor(doctorDeps(endpoint, { auth: 'apiKey' }));
      keyed.auth = apiKeyAuth(async () => API_KEY);
      const keyResult = await authCheck.run(keyed, new AbortController().signal);
      assert.equal(keyResult.status, 'fail');
      assert.match(keyResult.detail, /Unauthorized: \[redacted\]/);
      assert.ok(!keyResult.detail.includes(API_KEY), keyResult.detail);

      const signed = contextFor(doctorDeps(endpoint, { auth: 'iam' }));
      signed.auth = iamAuth({ region: 'us-east-1', credentials: async () => CREDENTIALS });
      const iamResult = await authCheck.run(signed, new AbortController().signal);
      assert.match(iamResult.detail, /Unauthorized: \[redacted\] \| \[redacted\] \| \[redacted\] \| \[redacted\]/, iamResult.detail);
      assert.ok(!iamResult.detail.includes(CREDENTIALS.accessKeyId) && !iamResult.detail.includes(CREDENTIALS.sessionToken) && !/Signature=|[0-9a-f]{64}/.test(iamResult.detail), iamResult.detail);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the report\'s endpoint line drops a user name and password and the query string', () => {
    const report: DoctorReport = {
      lines: [{ title: 'Endpoint URL', status: 'pass', detail: 'ok' }],
      firstFailure: undefined,
      answered: undefined,
      checked: { settings: doctorDeps('https://alice:s3cret-pass@abc.execute-api.us-east-1.amazonaws.com/prod/chat?api_key=k-0123456789#frag').settings, userAgent: 'ask-bedrock-test' },
      at: 0,
    };
    const text = formatReport(report);
    assert.match(text, /^Endpoint: https:\/\/abc\.execute-api\.us-east-1\.amazonaws\.com\/prod\/chat$/m);
    assert.ok(!/alice|s3cret|api_key|k-0123456789|frag/.test(text), text);
  });
});
