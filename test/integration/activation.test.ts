import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, waitFor } from './helpers';

suite('Activation', () => {
  suiteSetup(() => console.log(`Running on VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`));

  test('the extension is installed in this host and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is present`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('its commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['askBedrock.ask', 'askBedrock.newChat', 'askBedrock.configureEndpoint']) assert.ok(commands.includes(id), `${id} is registered`);
  });

  test('the Ask Bedrock container opens and the Chat view resolves and loads its webview', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('workbench.view.extension.askBedrock');
    await vscode.commands.executeCommand('askBedrock.chat.focus');
    await waitFor(() => api.chatView.webviewReady, 'the chat view resolved and its webview said ready', 30_000);
  });
});
