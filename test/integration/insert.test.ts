import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InsertionResult } from '../../src/editor/insertionSink';
import { openEditor, useLocalStack, type LocalStack } from './helpers';

suite('Insert Answer at Cursor (local stack)', function () {
  this.timeout(60_000);
  let stack: LocalStack;

  suiteSetup(async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 10, tokensPerSecond: 2000 } });
  });
  suiteTeardown(async () => {
    await stack?.close();
  });

  test('streams the answer into the editor at the cursor; one undo removes it all', async () => {
    const before = 'const a = 1;\n\nconst b = 2;\n';
    const editor = await openEditor(before);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const result = await vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Add a helper [[fake:deltas=400]]');
    assert.equal(result.status, 'done', result.error);
    assert.ok(result.inserted.length > 400, `inserted ${result.inserted.length} chars`);
    assert.ok(result.edits >= 1 && result.edits < 400, `edits were batched: ${result.edits} edits for 400 deltas`);
    const lines = before.split('\n');
    assert.equal(editor.document.getText(), `${lines[0]}\n${result.inserted}\n${lines.slice(2).join('\n')}`);

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'a single undo restores the document');
  });

  test('replaces the selection and strips a surrounding markdown fence', async () => {
    const editor = await openEditor('let x = OLD;\n');
    editor.selection = new vscode.Selection(0, 8, 0, 11);
    const result = await vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Rewrite it [[fake:fenced]]');
    assert.equal(result.status, 'done', result.error);
    assert.doesNotMatch(result.inserted, /^```|```\s*$/, 'no fence left around the code');
    assert.equal(editor.document.getText(), `let x = ${result.inserted};\n`);
  });

  test('Stop keeps what was inserted', async () => {
    const editor = await openEditor('');
    const running = vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Slow one [[fake:rate=20]]');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await vscode.commands.executeCommand('askBedrock.stop');
    const result = await running;
    assert.equal(result.status, 'stopped');
    assert.ok(result.inserted.length > 0);
    assert.equal(editor.document.getText(), result.inserted);
  });
});
