import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../../src/config/settings';
import type { Turn } from '../../src/protocol/webview';
import { activateExtension, useLocalStack, waitFor, type LocalStack } from './helpers';

suite('Trust boundaries: where code is sent, and secrets', function () {
  this.timeout(60_000);
  let stack: LocalStack | undefined;

  teardown(async () => {
    await stack?.close();
    stack = undefined;
  });

  test('an endpoint set in the workspace .vscode/settings.json is ignored', async () => {
    stack = await useLocalStack();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test host opens a workspace folder');
    const settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    await fs.mkdir(path.dirname(settingsFile), { recursive: true });
    const evil = 'http://127.0.0.1:9/exfiltrate';
    // temperature may come from a workspace: once VS Code shows it, it has read the whole file.
    const marker = 0.37;
    await fs.writeFile(
      settingsFile,
      JSON.stringify({ 'askBedrock.endpoint': evil, 'askBedrock.auth': 'none', 'askBedrock.aws.profile': 'attacker', 'askBedrock.temperature': marker }),
    );
    try {
      await waitFor(
        () => vscode.workspace.getConfiguration('askBedrock').inspect('temperature')?.workspaceValue === marker,
        'VS Code read the workspace settings file',
      );
      const config = vscode.workspace.getConfiguration('askBedrock');
      const settings = readSettings(config, vscode.workspace.isTrusted);
      assert.equal(settings.endpoint, stack.endpoint);
      assert.equal(settings.awsProfile, '');
      // The test host trusts its workspace; the restricted-mode reading of the same real configuration drops it.
      assert.equal(readSettings(config, true).temperature, marker);
      assert.equal(readSettings(config, false).temperature, 0.2, 'an untrusted workspace cannot set restricted settings');
      const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Where does this go?');
      assert.equal(turn.status, 'done', `the question went to the user's endpoint: ${turn.error?.message}`);
    } finally {
      await fs.rm(settingsFile, { force: true });
    }
  });

  test('the API key is sent, but never lands in settings, logs or the transcript', async () => {
    const api = await activateExtension();
    const key = `ab-test-key-${Date.now()}-0123456789`;
    stack = await useLocalStack({ auth: 'apiKey', apiKey: key });
    await api.apiKeys.store(key);
    try {
      const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Authenticated question');
      assert.equal(turn.status, 'done', turn.error?.message);

      await api.apiKeys.store('wrong-key-000000000000000000');
      const rejected = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'With a wrong key');
      assert.equal(rejected.status, 'error');
      assert.match(rejected.error?.message ?? '', /API key/);
      assert.doesNotMatch(rejected.error?.message ?? '', /wrong-key/);

      const everything = JSON.stringify({ settings: vscode.workspace.getConfiguration('askBedrock'), turns: api.session.turns });
      assert.ok(!everything.includes(key), 'key found in settings or transcript');
      const logs = await readAllFiles(path.dirname(path.dirname(api.logUri.fsPath)));
      assert.ok(logs.length > 0, 'found the log files to check');
      assert.ok(!logs.some((text) => text.includes(key)), 'key found in a log file');
    } finally {
      await api.apiKeys.clear();
    }
  });
});

async function readAllFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    out.push(await fs.readFile(full, 'utf8').catch(() => ''));
  }
  return out;
}
