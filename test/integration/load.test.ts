import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Turn } from '../../src/ui/webviewProtocol';
import { activateExtension, useLocalStack, type LocalStack } from './helpers';

suite('Load: concurrent insertions and a chat in one host (local stack)', function () {
  this.timeout(120_000);
  let stack: LocalStack;

  suiteSetup(async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 5, tokensPerSecond: 300 } });
  });
  suiteTeardown(async () => {
    await stack?.close();
  });

  test('10 insertions into 10 editors and a chat stream at once, each getting exactly its own answer', async () => {
    const api = await activateExtension();
    // Opened one after another: the workbench refuses to open editors concurrently.
    const editors: vscode.TextEditor[] = [];
    for (let i = 0; i < 10; i++) {
      const doc = await vscode.workspace.openTextDocument({ content: '', language: 'plaintext' });
      editors.push(await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true }));
    }
    const chat = vscode.commands.executeCommand<Turn>('askBedrock.ask', 'chat during load [[fake:echo]] CHAT-MARKER');
    const results = await Promise.all(editors.map((editor, i) => api.insertions.insert(editor, `[[fake:echo]] insertion-${i}-marker`)));
    const turn = await chat;

    results.forEach((result, i) => {
      assert.equal(result.status, 'done', result.error);
      const text = editors[i].document.getText();
      assert.equal(text, result.inserted, `editor ${i} holds exactly what was streamed to it`);
      assert.match(text, new RegExp(`insertion-${i}-marker`));
      for (let j = 0; j < 10; j++) if (j !== i) assert.doesNotMatch(text, new RegExp(`insertion-${j}-marker`), `editor ${i} got text meant for ${j}`);
      assert.doesNotMatch(text, /CHAT-MARKER/);
    });
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.match(turn.answer, /CHAT-MARKER/);
    assert.doesNotMatch(turn.answer, /insertion-\d-marker/);
    assert.equal(api.insertions.isRunning, false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
