import * as assert from 'node:assert/strict';
import { defaultProvider } from '../../../../infra/lambda/sdk/envCredentials';
import { fromEnvSigningName, nodeProvider } from '../../../../infra/lambda/sdk/envToken';

/** Runs `body` with some environment variables set (undefined: unset), restoring them after. */
async function withEnv(vars: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    await body();
  } finally {
    apply(saved);
  }
}

describe('infra/lambda/sdk stand-ins for the Lambda bundle', () => {
  it('credentials come from the environment Lambda sets, and nowhere else', async () => {
    await withEnv({ AWS_ACCESS_KEY_ID: 'AKIDLAMBDA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session', AWS_PROFILE: 'developer' }, async () => {
      const credentials = await defaultProvider()();
      assert.equal(credentials.accessKeyId, 'AKIDLAMBDA');
      assert.equal(credentials.secretAccessKey, 'secret');
      assert.equal(credentials.sessionToken, 'session');
    });
    await withEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: 'developer' }, async () => {
      await assert.rejects(defaultProvider()(), /credentials/i, 'no profile fallback');
    });
  });

  it('a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK is the only bearer token', async () => {
    await withEnv({ AWS_BEARER_TOKEN_BEDROCK: 'api-key-1' }, async () => {
      assert.deepEqual(await fromEnvSigningName({ signingName: 'bedrock' })(), { token: 'api-key-1' });
    });
    await withEnv({ AWS_BEARER_TOKEN_BEDROCK: undefined }, async () => {
      await assert.rejects(fromEnvSigningName({ signingName: 'bedrock' })(), /AWS_BEARER_TOKEN_BEDROCK is not set/);
    });
    await assert.rejects(nodeProvider()(), /IAM role/);
  });
});
