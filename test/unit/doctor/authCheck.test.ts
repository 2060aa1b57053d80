import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../infra/local/listen';
import { startLocalStack } from '../../../infra/local/stack';
import { authCheck } from '../../../src/doctor/authCheck';
import type { DoctorSettings } from '../../../src/doctor/context';
import { apiKeyAuth, iamAuth } from '../../../src/transport/auth';
import { contextFor, doctorDeps } from './doctorDeps';

const signal = new AbortController().signal;
const CREDENTIALS = { accessKeyId: 'AKIALOCALTEST0000001', secretAccessKey: 'local-test-secret-key-0000000000000000000' };
const API_KEY = 'local-api-key-0123456789';
type Stack = Awaited<ReturnType<typeof startLocalStack>>;

describe('doctor/authCheck: the auth the endpoint expects vs askBedrock.auth (real local API Gateway)', () => {
  const stacks: Stack[] = [];
  after(async () => {
    for (const stack of stacks) await stack.close();
  });
  const stack = async (options: Parameters<typeof startLocalStack>[0]) => {
    const started = await startLocalStack({ port: 0, ...options });
    stacks.push(started);
    return started;
  };

  const check = async (endpoint: string, settings: Partial<DoctorSettings>, auth?: 'iam' | 'apiKey', region = 'us-east-1', key = API_KEY) => {
    const context = contextFor(doctorDeps(endpoint, settings));
    if (auth === 'iam') context.auth = iamAuth({ region, credentials: async () => CREDENTIALS });
    if (auth === 'apiKey') context.auth = apiKeyAuth(async () => key);
    return authCheck.run(context, signal);
  };

  it('the right auth passes: none, IAM (SigV4), API key', async () => {
    const open = await stack({ auth: 'none' });
    const none = await check(open.endpoint, { auth: 'none' });
    assert.equal(none.status, 'pass', none.detail);
    assert.match(none.detail, /without auth.*HTTP 400/);
    const signed = await stack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'us-east-1' });
    assert.equal((await check(signed.endpoint, { auth: 'iam' }, 'iam')).status, 'pass');
    const keyed = await stack({ auth: 'apiKey', apiKey: API_KEY });
    assert.equal((await check(keyed.endpoint, { auth: 'apiKey' }, 'apiKey')).status, 'pass');
  });

  it('a wrong path (403 Missing Authentication Token to signed and unsigned requests alike) is named as the path, not the auth', async () => {
    const open = await stack({ auth: 'none' });
    const unsigned = await check(`${open.url}/prod/chat`, { auth: 'none' });
    assert.equal(unsigned.status, 'fail');
    assert.match(unsigned.detail, /Nothing is deployed at this path \(HTTP 403 Missing Authentication Token\)/);
    const signed = await stack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'us-east-1' });
    assert.match((await check(`${signed.url}/chats`, { auth: 'iam' }, 'iam')).detail, /Nothing is deployed at this path/);
  });

  it('an IAM endpoint called without a signature is named: the endpoint expects IAM', async () => {
    const signed = await stack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'us-east-1' });
    for (const mode of ['none', 'apiKey'] as const) {
      const result = await check(signed.endpoint, { auth: mode }, mode === 'apiKey' ? 'apiKey' : undefined);
      assert.equal(result.status, 'fail');
      assert.match(result.detail, new RegExp(`expects IAM \\(SigV4\\) auth, but askBedrock.auth is "${mode}"`));
      assert.match(result.fix ?? '', /IAM \(SigV4\)/);
    }
  });

  it('an API key endpoint: without a key it expects one; with a wrong key the key is refused', async () => {
    const keyed = await stack({ auth: 'apiKey', apiKey: API_KEY });
    const none = await check(keyed.endpoint, { auth: 'none' });
    assert.match(none.detail, /expects an API key \(HTTP 403 Forbidden\), but askBedrock.auth is "none"/);
    const wrong = await check(keyed.endpoint, { auth: 'apiKey' }, 'apiKey', 'us-east-1', 'a-wrong-key-0000000000');
    assert.match(wrong.detail, /refused the API key/);
    assert.match(wrong.fix ?? '', /Set API Key/);
  });

  it('IAM signature errors are told apart: wrong region, unknown key', async () => {
    const signed = await stack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'eu-west-1' });
    const region = await check(signed.endpoint, { auth: 'iam' }, 'iam', 'us-east-1');
    assert.match(region.detail, /region/);
    assert.match(region.fix ?? '', /askBedrock\.aws\.region/);
    const context = contextFor(doctorDeps(signed.endpoint, { auth: 'iam' }));
    context.auth = iamAuth({ region: 'eu-west-1', credentials: async () => ({ ...CREDENTIALS, accessKeyId: 'AKIAUNKNOWN000000000' }) });
    const unknown = await authCheck.run(context, signal);
    assert.match(unknown.detail, /refused the credentials.*security token included in the request is invalid/);
  });

  it('a 404 (an HTTP API or function URL at the wrong path) is the path', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}'));
    await listen(server, 0, '127.0.0.1');
    try {
      const result = await check(`http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`, { auth: 'none' });
      assert.equal(result.status, 'fail');
      assert.match(result.detail, /HTTP 404/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
