import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Turn } from '../../src/protocol/webview';
import { withEnv } from '../support/withEnv';
import { useLocalStack, type LocalStack } from './helpers';

const CREDENTIALS = { accessKeyId: 'AKIALOCALTEST0000001', secretAccessKey: 'local-test-secret-key-0000000000000000000' };

suite('IAM auth on this host (the bundled AWS SDK on its Node)', function () {
  this.timeout(60_000);
  let stack: LocalStack | undefined;

  teardown(async () => {
    const config = vscode.workspace.getConfiguration('askBedrock');
    await config.update('aws.region', undefined, vscode.ConfigurationTarget.Global);
    await config.update('auth', undefined, vscode.ConfigurationTarget.Global);
    await stack?.close();
    stack = undefined;
  });

  test('the extension host runs Node 22 or later, which AWS SDK releases from January 2027 require', () => {
    const major = Number(process.versions.node.split('.')[0]);
    assert.ok(major >= 22, `VS Code ${vscode.version} runs extensions on Node ${process.versions.node}`);
  });

  test('a question signed with SigV4 (credentials from the SDK chain, dist/iam.js) passes the gateway; unsigned is refused', async () => {
    stack = await useLocalStack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'eu-west-1' });
    const config = vscode.workspace.getConfiguration('askBedrock');

    await config.update('auth', 'none', vscode.ConfigurationTarget.Global);
    const unsigned = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Unsigned question');
    assert.equal(unsigned.status, 'error', 'the local gateway checks SigV4');

    await config.update('auth', 'iam', vscode.ConfigurationTarget.Global);
    await config.update('aws.region', 'eu-west-1', vscode.ConfigurationTarget.Global);
    const env = { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined };
    const signed = await withEnv(env, () => Promise.resolve(vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Signed question')));
    assert.equal(signed.status, 'done', signed.error?.message);
    assert.ok(signed.answer.length > 0, 'an answer arrived');
  });
});
