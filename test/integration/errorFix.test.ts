import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runErrorFix } from '../../src/ui/chatView/runErrorFix';
import { waitFor } from './helpers';

suite("An error's way out, as the panel runs it (real host)", function () {
  this.timeout(30_000);

  test('copyCommand puts the command on the clipboard', async () => {
    await vscode.env.clipboard.writeText('before');
    await runErrorFix({ kind: 'copyCommand', command: 'aws sso login --profile dev' });
    assert.equal(await vscode.env.clipboard.readText(), 'aws sso login --profile dev');
  });

  test('openSetting opens the Settings editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await runErrorFix({ kind: 'openSetting', setting: 'askBedrock.auth' });
    await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 'the Settings editor is the active tab');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
