import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DoctorDeps, DoctorSettings } from '../../../src/doctor/context';
import { stsEndpoint } from '../../../src/doctor/callerIdentity';
import { credentialsCheck } from '../../../src/doctor/credentialsCheck';
import { startFakeSts, type FakeSts } from '../../../infra/local/fakeSts';
import type { CredentialProvider } from '../../../src/transport/auth';
import { contextFor, doctorDeps, emptyHome } from './doctorDeps';

const signal = new AbortController().signal;
const GATEWAY_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/chat';
const KEYS = { accessKeyId: 'ASIAEXAMPLEKEY123456', secretAccessKey: 'secret-key-that-never-shows', sessionToken: 'session-token' };

function homeWith(config: string): string {
  const home = emptyHome();
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws', 'config'), config);
  return home;
}

const run = (settings: Partial<DoctorSettings>, overrides: Partial<DoctorDeps> = {}, endpoint = GATEWAY_URL) => {
  const context = contextFor(doctorDeps(endpoint, settings, overrides));
  return credentialsCheck.run(context, signal).then((result) => ({ result, context }));
};

describe('doctor/credentialsCheck: what signs the requests', () => {
  it('auth none is a note that the endpoint must be unauthenticated', async () => {
    const { result } = await run({ auth: 'none' });
    assert.equal(result.status, 'info');
    assert.match(result.detail, /unauthenticated/);
  });

  it('apiKey: no key in secret storage fails with Set API Key; a stored key passes and is never shown', async () => {
    const missing = (await run({ auth: 'apiKey' })).result;
    assert.equal(missing.status, 'fail');
    assert.match(missing.fix ?? '', /Set API Key/);
    const { result, context } = await run({ auth: 'apiKey' }, { readApiKey: async () => 'key-0123456789abcdefghij' });
    assert.equal(result.status, 'pass');
    assert.doesNotMatch(result.detail, /0123456789/);
    assert.equal(context.auth.kind, 'apiKey');
  });

  it('iam: a profile that is in neither AWS file fails, naming both files and how to create it', async () => {
    const home = homeWith('[profile other]\nregion = eu-west-1\n');
    const { result } = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: home, credentials: async () => KEYS });
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /"dev" is not in .*config or .*credentials/);
    assert.match(result.fix ?? '', /aws configure sso --profile dev/);
  });

  it('iam: an expired SSO session fails with `aws sso login --profile …`', async () => {
    const home = homeWith('[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n');
    const expired: CredentialProvider = async () => {
      throw new Error('The SSO session associated with this profile has expired or is otherwise invalid.');
    };
    const { result } = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: home, credentials: expired });
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /SSO session has expired/);
    assert.match(result.fix ?? '', /aws sso login --profile dev/);
  });

  it('iam: loaded credentials pass, naming the masked key, its kind, its source and the region from the URL', async () => {
    const home = homeWith('[profile dev]\nsso_session = corp\n');
    const withAccount = async () => ({ ...KEYS, accountId: '111122223333' });
    const { result, context } = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: home, credentials: withAccount });
    assert.equal(result.status, 'pass', result.detail);
    assert.match(result.detail, /signs as ASIA…3456 in account 111122223333 \(temporary credentials\) from profile "dev" \(SSO\), for region eu-west-1/);
    assert.doesNotMatch(result.detail, /secret-key|session-token|EXAMPLEKEY/);
    assert.match(result.detail, /; AWS STS could not confirm who that is \(.+\)$/, 'no STS here: nothing decided, and it says so');
    assert.equal(context.auth.kind, 'iam');
  });

  describe('with AWS STS (the local stand-in, through AWS_ENDPOINT_URL_STS)', () => {
    const started: FakeSts[] = [];
    after(async () => {
      for (const sts of started) await sts.close();
    });
    const sts = async (expiredSessionTokens: string[] = [], region = 'eu-west-1') => {
      const fake = await startFakeSts({ credentials: KEYS, region, expiredSessionTokens });
      started.push(fake);
      return fake;
    };
    const ssoHome = () => homeWith('[profile dev]\nsso_session = corp\n');

    it('names the identity that signs, as STS says (GetCallerIdentity signed for sts in the endpoint\'s region)', async () => {
      const fake = await sts();
      const { result } = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: ssoHome(), credentials: async () => KEYS, env: { AWS_ENDPOINT_URL_STS: fake.url } });
      assert.equal(result.status, 'pass', result.detail);
      assert.equal(result.detail, 'signs as arn:aws:iam::000000000000:user/local (key ASIA…3456, temporary credentials) from profile "dev" (SSO), for region eu-west-1');
      assert.equal(fake.requestCount, 1);
    });

    it('credentials STS refuses fail here, before the endpoint refuses them, each with its fix', async () => {
      const expired = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: ssoHome(), credentials: async () => KEYS, env: { AWS_ENDPOINT_URL_STS: (await sts(['session-token'])).url } });
      assert.equal(expired.result.status, 'fail');
      assert.match(expired.result.detail, /^AWS STS refused these credentials: ExpiredToken \(The security token included in the request is expired\)\.$/);
      assert.match(expired.result.fix ?? '', /aws sso login --profile dev/);

      const url = (await sts()).url;
      const unknown = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: ssoHome(), credentials: async () => ({ ...KEYS, accessKeyId: 'ASIAUNKNOWNKEY000000' }), env: { AWS_ENDPOINT_URL_STS: url } });
      assert.equal(unknown.result.status, 'fail');
      assert.match(unknown.result.detail, /InvalidClientTokenId/);
      assert.match(unknown.result.fix ?? '', /aws sts get-caller-identity --profile dev/);

      const wrongSecret = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: ssoHome(), credentials: async () => ({ ...KEYS, secretAccessKey: 'not-the-secret' }), env: { AWS_ENDPOINT_URL_STS: url } });
      assert.equal(wrongSecret.result.status, 'fail');
      assert.match(wrongSecret.result.detail, /SignatureDoesNotMatch/);
      assert.match(wrongSecret.result.fix ?? '', /secret access key does not belong to the access key id/);
      assert.doesNotMatch(JSON.stringify([expired, unknown, wrongSecret].map((r) => r.result)), /not-the-secret|secret-key-that-never-shows|session-token/, 'STS echoes the canonical request with the session token: the report must not');
    });

    it('an answer that says nothing about the credentials (a signature scoped to the region of another STS endpoint) decides nothing', async () => {
      const elsewhere = await sts([], 'us-west-2');
      const { result } = await run({ auth: 'iam', awsProfile: 'dev' }, { homeDir: ssoHome(), credentials: async () => KEYS, env: { AWS_ENDPOINT_URL_STS: elsewhere.url } });
      assert.equal(result.status, 'pass', result.detail);
      assert.match(result.detail, /; AWS STS could not confirm who that is \(SignatureDoesNotMatch: Credential should be scoped to a valid region/);
    });

    it('an endpoint on this machine: STS is not asked unless AWS_ENDPOINT_URL_STS says where', async () => {
      const fake = await sts();
      const local = 'http://127.0.0.1:8787/chat';
      const notAsked = await run({ auth: 'iam', awsRegion: 'eu-west-1' }, { credentials: async () => KEYS, env: {} }, local);
      assert.equal(notAsked.result.status, 'pass', notAsked.result.detail);
      assert.match(notAsked.result.detail, /not asked for an endpoint on this machine; set AWS_ENDPOINT_URL_STS/);
      const asked = await run({ auth: 'iam', awsRegion: 'eu-west-1' }, { credentials: async () => KEYS, env: { AWS_ENDPOINT_URL_STS: fake.url } }, local);
      assert.match(asked.result.detail, /^signs as arn:aws:iam::000000000000:user\/local/);
    });
  });

  it('stsEndpoint: the regional endpoint, or AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL as the AWS CLI honours them; never plain http to another machine', () => {
    assert.equal(stsEndpoint('eu-west-1', {}).href, 'https://sts.eu-west-1.amazonaws.com/');
    assert.equal(stsEndpoint('cn-north-1', {}).href, 'https://sts.cn-north-1.amazonaws.com.cn/');
    assert.equal(stsEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'https://all.example.com', AWS_ENDPOINT_URL_STS: 'https://sts.example.com' }).href, 'https://sts.example.com/');
    assert.equal(stsEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'https://all.example.com' }).href, 'https://all.example.com/');
    assert.equal(stsEndpoint('eu-west-1', { AWS_ENDPOINT_URL_STS: 'https://sts.example.com', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }).href, 'https://sts.eu-west-1.amazonaws.com/');
    assert.equal(stsEndpoint('eu-west-1', { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566' }).href, 'http://127.0.0.1:4566/');
    assert.throws(() => stsEndpoint('eu-west-1', { AWS_ENDPOINT_URL_STS: 'http://sts.example.com' }), /only https/);
    assert.throws(() => stsEndpoint('eu-west-1', { AWS_ENDPOINT_URL_STS: 'not a url' }));
    assert.throws(() => stsEndpoint('x.example.com/', {}), /not an AWS region/, 'a region setting never becomes another host');
  });

  it('iam on a custom domain without askBedrock.aws.region fails: the region cannot be told', async () => {
    const { result } = await run({ auth: 'iam' }, { credentials: async () => KEYS }, 'https://ai.example.com/chat');
    assert.equal(result.status, 'fail');
    assert.match(result.fix ?? '', /askBedrock\.aws\.region/);
  });
});
