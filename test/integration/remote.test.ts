import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Turn } from '../../src/protocol/webview';
import { withEnv } from '../support/withEnv';
import { EXTENSION_ID, useLocalStack, type LocalStack } from './helpers';

const PROFILE_CREDENTIALS = { accessKeyId: 'AKIAREMOTEPROFILE001', secretAccessKey: 'remote-profile-secret-key-000000000000000' };
const OTHER_CREDENTIALS = { accessKeyId: 'AKIAOTHERIDENTITY001', secretAccessKey: 'other-identity-secret-key-00000000000000' };

/** AWS shared config files in a fresh folder (the SDK caches them by path): a profile per entry. */
function awsFiles(profiles: Record<string, { accessKeyId: string; secretAccessKey: string }>): { dir: string; env: Record<string, string | undefined> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-aws-'));
  const credentials = Object.entries(profiles)
    .map(([name, c]) => `[${name}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n`)
    .join('\n');
  writeFileSync(path.join(dir, 'credentials'), credentials);
  writeFileSync(path.join(dir, 'config'), '');
  return {
    dir,
    env: {
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_PROFILE: undefined,
      AWS_SESSION_TOKEN: undefined,
      // Another identity in the environment: the profile the settings name must win over it.
      AWS_ACCESS_KEY_ID: OTHER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: OTHER_CREDENTIALS.secretAccessKey,
    },
  };
}

suite('Remote window: where the extension runs and whose credentials sign', function () {
  this.timeout(60_000);
  let stack: LocalStack | undefined;
  let awsDir: string | undefined;

  teardown(async () => {
    const config = vscode.workspace.getConfiguration('askBedrock');
    for (const key of ['aws.profile', 'aws.region', 'auth']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await stack?.close();
    stack = undefined;
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
    awsDir = undefined;
  });

  test('prefers the UI side (the local machine in Remote-SSH, WSL and Dev Containers) and runs on the workspace side where the UI is a browser', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.deepEqual((extension.packageJSON as { extensionKind?: string[] }).extensionKind, ['ui', 'workspace']);
    // code-server is a remote window whose UI side is a browser tab: no Node extension host there.
    assert.ok(vscode.env.remoteName, 'code-server opens a remote window');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace, 'runs in the Node extension host on the workspace side');
    assert.equal(typeof process.versions.node, 'string');
  });

  test('a request is signed with the profile askBedrock.aws.profile names, read on the side the extension runs on', async () => {
    stack = await useLocalStack({ auth: 'iam', iamCredentials: PROFILE_CREDENTIALS, region: 'eu-west-1' });
    const files = awsFiles({ 'team-dev': PROFILE_CREDENTIALS, 'someone-else': OTHER_CREDENTIALS });
    awsDir = files.dir;
    const config = vscode.workspace.getConfiguration('askBedrock');
    await config.update('aws.region', 'eu-west-1', vscode.ConfigurationTarget.Global);

    await config.update('aws.profile', 'someone-else', vscode.ConfigurationTarget.Global);
    const wrong = await withEnv(files.env, () => Promise.resolve(vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Signed by someone else')));
    assert.equal(wrong.status, 'error', 'the gateway refuses another identity’s signature');

    await config.update('aws.profile', 'team-dev', vscode.ConfigurationTarget.Global);
    const signed = await withEnv(files.env, () => Promise.resolve(vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Signed by team-dev')));
    assert.equal(signed.status, 'done', signed.error?.message);
    assert.ok(signed.answer.length > 0, 'an answer arrived');
  });
});
