import * as assert from 'node:assert/strict';
import { defaultProvider } from '../../../../../infra/lambda/sdk/envCredentials';
import { fromEnvSigningName, nodeProvider } from '../../../../../infra/lambda/sdk/envToken';
import { withEnv } from '../../../../support/withEnv';

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
    await withEnv({ AWS_BEARER_TOKEN_BEDROCK: '' }, async () => {
      assert.deepEqual(await fromEnvSigningName({ signingName: 'bedrock' })(), { token: '' }, 'set but empty still counts, as in the SDK');
    });
    await withEnv({ AWS_BEARER_TOKEN_BEDROCK: undefined }, async () => {
      await assert.rejects(fromEnvSigningName({ signingName: 'bedrock' })(), { name: 'TokenProviderError', message: /AWS_BEARER_TOKEN_BEDROCK/ });
    });
    await assert.rejects(fromEnvSigningName()(), { name: 'TokenProviderError', message: /signingName/ });
    await assert.rejects(nodeProvider()(), { name: 'TokenProviderError', message: /IAM role/ });
  });
});
