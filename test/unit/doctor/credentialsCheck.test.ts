import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DoctorDeps, DoctorSettings } from '../../../src/doctor/context';
import { credentialsCheck } from '../../../src/doctor/credentialsCheck';
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
    assert.equal(context.auth.kind, 'iam');
  });

  it('iam on a custom domain without askBedrock.aws.region fails: the region cannot be told', async () => {
    const { result } = await run({ auth: 'iam' }, { credentials: async () => KEYS }, 'https://ai.example.com/chat');
    assert.equal(result.status, 'fail');
    assert.match(result.fix ?? '', /askBedrock\.aws\.region/);
  });
});
