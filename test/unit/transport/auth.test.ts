import * as assert from 'node:assert/strict';
import { startLocalStack } from '../../../infra/local/stack';
import { iamAuth, regionFromHost, type CredentialProvider } from '../../../src/transport/auth';
import { streamAnswer } from '../../../src/transport/streamAnswer';
import { createDispatcher } from '../../../src/transport/dispatcher';
import { TransportError } from '../../../src/transport/errors';

describe('transport/auth: IAM (SigV4) end to end against the local API Gateway verifier', function () {
  this.timeout(20_000);
  const creds = { accessKeyId: 'AKIDEXTENSIONTEST', secretAccessKey: 'extension-test-secret' };
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  const dispatcher = createDispatcher({ connectMs: 2000, firstByteMs: 5000, idleMs: 5000 }, {}, {});

  before(async () => {
    stack = await startLocalStack({ auth: 'iam', iamCredentials: creds, region: 'ap-northeast-1', fake: { firstTokenDelayMs: 0, tokensPerSecond: 5000 } });
  });
  after(async () => {
    await stack.close();
    await dispatcher.close();
  });

  async function ask(credentials: CredentialProvider, region = 'ap-northeast-1'): Promise<{ text: string; error?: TransportError }> {
    let text = '';
    try {
      const auth = iamAuth({ region, credentials });
      for await (const e of streamAnswer({ endpoint: stack.endpoint, auth, dispatcher }, { prompt: 'signed [[fake:echo]]' }, new AbortController().signal)) {
        if (e.type === 'delta') text += e.text;
      }
      return { text };
    } catch (err) {
      assert.ok(err instanceof TransportError, `not a TransportError: ${(err as Error)?.stack}`);
      return { text, error: err };
    }
  }

  it('a request the extension signs is accepted', async () => {
    const { text, error } = await ask(async () => creds);
    assert.equal(error, undefined, error?.message);
    assert.equal(text, 'signed [[fake:echo]]');
  });

  it('signing for the wrong region is rejected with a region hint', async () => {
    const { error } = await ask(async () => creds, 'us-west-2');
    assert.equal(error?.kind, 'auth');
    assert.match(error?.message ?? '', /aws\.region/);
  });

  it('a wrong secret is rejected with a profile hint', async () => {
    const { error } = await ask(async () => ({ ...creds, secretAccessKey: 'wrong' }));
    assert.equal(error?.kind, 'auth');
    assert.match(error?.message ?? '', /signature/);
  });

  it('expired credentials are not sent; the message says to run aws sso login', async () => {
    const { error } = await ask(async () => ({ ...creds, expiration: new Date(Date.now() - 1000) }));
    assert.equal(error?.kind, 'credentials');
    assert.equal(error?.code, 'ExpiredCredentials');
    assert.match(error?.message ?? '', /aws sso login/);
  });

  it('an expired SSO session from the provider chain becomes an actionable message', async () => {
    const { error } = await ask(async () => {
      throw new Error('The SSO session associated with this profile has expired or is otherwise invalid.');
    });
    assert.equal(error?.code, 'ExpiredCredentials');
    assert.match(error?.message ?? '', /aws sso login/);
  });

  it('takes the region from an execute-api host, and asks for it otherwise', async () => {
    assert.equal(regionFromHost('abc123.execute-api.eu-west-1.amazonaws.com'), 'eu-west-1');
    assert.equal(regionFromHost('api.example.com'), undefined);
    const auth = iamAuth({ credentials: async () => creds });
    await assert.rejects(auth.headers({ url: new URL('https://api.example.com/chat'), method: 'POST', headers: {}, body: '' }), /askBedrock\.aws\.region/);
  });
});
