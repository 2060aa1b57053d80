import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findProfile } from '../../../src/doctor/awsProfiles';
import { emptyHome } from './doctorDeps';

describe('doctor/awsProfiles: is a profile in the AWS shared files?', () => {
  const home = emptyHome();
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = us-east-1\n\n[profile  sso-dev ]\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n');
  writeFileSync(path.join(home, '.aws', 'credentials'), '[keys-only]\naws_access_key_id = AKIA\n');

  it('finds [profile NAME] and [default] in config, [NAME] in credentials; tells SSO profiles apart', async () => {
    assert.deepEqual(await findProfile('sso-dev', {}, home), { found: true, sso: true, files: [path.join(home, '.aws', 'config'), path.join(home, '.aws', 'credentials')] });
    assert.equal((await findProfile('default', {}, home)).sso, false);
    assert.equal((await findProfile('default', {}, home)).found, true);
    assert.equal((await findProfile('keys-only', {}, home)).found, true);
  });

  it('an sso-session section is not a profile; a missing one is not found', async () => {
    assert.equal((await findProfile('corp', {}, home)).found, false);
    assert.equal((await findProfile('prod', {}, home)).found, false);
  });

  it('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move the files', async () => {
    const other = emptyHome();
    writeFileSync(path.join(other, 'cfg'), '[profile moved]\n');
    const lookup = await findProfile('moved', { AWS_CONFIG_FILE: path.join(other, 'cfg'), AWS_SHARED_CREDENTIALS_FILE: path.join(other, 'creds') }, home);
    assert.equal(lookup.found, true);
    assert.deepEqual(lookup.files, [path.join(other, 'cfg'), path.join(other, 'creds')]);
  });
});
