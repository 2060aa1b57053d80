import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InsertionResult } from '../../src/editor/insertionSink';
import { startFaultServer, type FaultServer } from '../fixtures/faults/endpointFaults';
import { activateExtension, openEditor, useLocalStack, waitFor, type LocalStack } from './helpers';

/** The code between the first fence of a markdown answer and its close. */
function firstBlock(answer: string): string {
  const match = /^```\w*\n([^]*?)\n```$/m.exec(answer);
  assert.ok(match, `the answer has a fenced block: ${answer}`);
  return match[1]!;
}

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

  test('inserts only the code of an answer with prose around it; one undo removes it; the whole answer goes to the chat panel', async () => {
    const api = await activateExtension();
    const before = 'const a = 1;\n\n';
    const editor = await openEditor(before);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    // The local demo model answers in markdown: a quote of the question, a list, a ```typescript block, then a closing line.
    const question = 'Add a TypeScript helper that streams words';
    const result = await vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', question);
    assert.equal(result.status, 'done', result.error);
    assert.match(result.answer, /^> [^]*```typescript\n[^]*\n```\n\n\S/, 'the answer had prose before and after its block');
    assert.equal(result.inserted, firstBlock(result.answer));
    assert.equal(result.leftOut, true);
    assert.equal(editor.document.getText(), before + result.inserted);

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'a single undo restores the document');

    const turn = api.session.turns.at(-1);
    assert.ok(turn, 'the panel has the exchange');
    assert.equal(turn.prompt, question);
    assert.equal(turn.answer, result.answer, 'the panel holds the whole answer, prose included');
    assert.equal(turn.status, 'done');
  });

  test('an answer that is only code goes into the editor alone: nothing is added to the chat panel', async () => {
    const api = await activateExtension();
    const turns = api.session.turns.length;
    await openEditor('');
    const result = await vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Just the code [[fake:fenced]]');
    assert.equal(result.status, 'done', result.error);
    assert.equal(result.leftOut, false);
    assert.equal(api.session.turns.length, turns);
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

suite('Insert Answer at Cursor from an endpoint that ignores the code-only system prompt (text/plain, like the original blog Lambda)', function () {
  this.timeout(60_000);
  let server: FaultServer;
  let release: () => void = () => undefined;
  const config = () => vscode.workspace.getConfiguration('askBedrock');

  suiteSetup(async () => {
    await activateExtension();
    server = await startFaultServer();
    await config().update('endpoint', server.endpoint, vscode.ConfigurationTarget.Global);
    await config().update('auth', 'none', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    release();
    await server?.close();
  });

  test('holds the prose back, streams the code live as it arrives, and stops at the closing fence', async () => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.play((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      for (const piece of ['Sure! Here is ', 'the function you asked for:\n\n``', '`ts\nexport function first', '(): number {\n  return 1;\n}\n']) res.write(piece);
      void gate.then(() => {
        res.write('export function second(): number {\n  return 2;\n}\n`');
        res.end('``\n\nBoth functions return a number. ```js\nnot code\n```\n');
      });
    });
    const before = '// helpers\n';
    const editor = await openEditor(before);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const running = vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Write two helpers');

    await waitFor(() => editor.document.getText().includes('return 1;'), 'the first function reached the editor before the answer ended', 10_000);
    assert.equal(editor.document.getText(), `${before}export function first(): number {\n  return 1;\n}`, 'only code so far: the prose and the fence were held back');
    release();

    const result = await running;
    assert.equal(result.status, 'done', result.error);
    const code = 'export function first(): number {\n  return 1;\n}\nexport function second(): number {\n  return 2;\n}';
    assert.equal(result.inserted, code);
    assert.ok(result.edits >= 2, `streamed in several edits (${result.edits})`);
    assert.equal(editor.document.getText(), before + code);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'still a single undo step');
  });
});
