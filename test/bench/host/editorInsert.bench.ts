/**
 * Runs inside a real VS Code extension host (started by test/bench/editorBench.ts): activation
 * time, and a 100 KB answer in 25,000 chunks streamed into an editor as fast as they arrive.
 * Writes its raw measurements to $ASK_BEDROCK_BENCH_OUT for the bench table.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { StreamingInserter } from '../../../src/editor/streamingInserter';

const EXTENSION_ID = 'ask-bedrock.ask-bedrock';
const CHUNKS = 25_000;
const ROUNDS = 5;

interface InsertRun {
  lastChunkMs: number;
  insertedMs: number;
  edits: number;
  /** The same text as one editor.edit into a fresh editor: what VS Code itself needs, the floor. */
  oneEditMs: number;
}

/** A realistic ~100 KB answer (code and prose, some Japanese), cut into 4-character chunks. */
function answerChunks(): string[] {
  const line = (i: number) => (i % 7 === 0 ? `// 手順 ${i}: ストリーミング\n` : `const value${i} = compute(${i}, "text");\n`);
  let text = '';
  for (let i = 0; text.length < 100_000; i++) text += line(i);
  const size = Math.ceil(text.length / CHUNKS);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

/** Delivers chunks as a fast network read would: a burst, yielding to the event loop every 50. */
async function insertRun(chunks: string[]): Promise<Omit<InsertRun, 'oneEditMs'> & { text: string; editor: vscode.TextEditor; before: string }> {
  const before = '// existing code\n';
  const doc = await vscode.workspace.openTextDocument({ content: before, language: 'typescript' });
  const editor = await vscode.window.showTextDocument(doc);
  const end = doc.positionAt(before.length);
  const inserter = new StreamingInserter(editor, new vscode.Range(end, end));
  const started = performance.now();
  for (let i = 0; i < chunks.length; i++) {
    inserter.push(chunks[i]);
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  const lastChunkMs = performance.now() - started;
  await inserter.finish();
  const insertedMs = performance.now() - started;
  return { lastChunkMs, insertedMs, edits: inserter.editCount, text: chunks.join(''), editor, before };
}

/**
 * Reverts and closes the active editor's document and waits until this host has let go of it:
 * the next untitled document may reuse its name, and must not be mistaken for it.
 */
async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  for (let waited = 0; !doc.isClosed; waited += 20) {
    assert.ok(waited < 10_000, `${doc.uri.toString()} did not close`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Milliseconds for one editor.edit that inserts all of `text` into a fresh editor. */
async function oneEdit(text: string, before: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument({ content: before, language: 'typescript' });
  const editor = await vscode.window.showTextDocument(doc);
  const started = performance.now();
  assert.ok(await editor.edit((builder) => builder.insert(doc.positionAt(before.length), text)));
  const ms = performance.now() - started;
  await revertAndClose(doc);
  return ms;
}

/** How many undos take `doc` back to `before` (0 if none does within 20), redoing them all afterwards. */
async function undoSteps(doc: vscode.TextDocument, before: string, after: string): Promise<number> {
  let steps = 0;
  while (doc.getText() !== before && steps < 20) {
    await vscode.commands.executeCommand('undo');
    steps++;
  }
  const restored = doc.getText() === before;
  for (let i = 0; i < steps; i++) await vscode.commands.executeCommand('redo');
  assert.equal(doc.getText(), after, 'redo brings the answer back');
  return restored ? steps : 0;
}

suite('bench: editor insertion and activation', function () {
  this.timeout(300_000);
  const results: { activationMs?: number; hostActivationMs?: number; runs: InsertRun[]; undoSteps?: number; exact?: boolean } = { runs: [] };

  suiteTeardown(() => {
    const out = process.env.ASK_BEDROCK_BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(results));
  });

  test('activation time', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.equal(ext.isActive, false, 'nothing activated the extension before the measurement');
    const started = performance.now();
    const api = (await ext.activate()) as { activationMs?: number } | undefined;
    results.hostActivationMs = performance.now() - started;
    results.activationMs = api?.activationMs;
  });

  test('100 KB in 25,000 chunks: batched edits, one undo step, exact text', async () => {
    const chunks = answerChunks();
    for (let round = 0; round < ROUNDS; round++) {
      const run = await insertRun(chunks);
      const doc = run.editor.document;
      const expected = run.before + run.text;
      const actual = doc.getText();
      results.exact = actual === expected;
      let at = 0;
      while (at < expected.length && actual[at] === expected[at]) at++;
      assert.ok(results.exact, `round ${round}: document text is exactly the answer (${actual.length} chars for ${expected.length}, first difference at ${at}, ${run.edits} edits)`);
      if (round === 0) results.undoSteps = await undoSteps(doc, run.before, run.before + run.text);
      await revertAndClose(doc);
      results.runs.push({ lastChunkMs: run.lastChunkMs, insertedMs: run.insertedMs, edits: run.edits, oneEditMs: await oneEdit(run.text, run.before) });
    }
  });
});
