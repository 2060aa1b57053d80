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
async function insertRun(chunks: string[]): Promise<InsertRun & { text: string; editor: vscode.TextEditor; before: string }> {
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

suite('bench: editor insertion and activation', function () {
  this.timeout(300_000);
  const results: { activationMs?: number; runs: InsertRun[]; undoSteps?: number; exact?: boolean } = { runs: [] };

  suiteTeardown(() => {
    const out = process.env.ASK_BEDROCK_BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(results));
  });

  test('activation time', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.equal(ext.isActive, false, 'nothing activated the extension before the measurement');
    const started = performance.now();
    await ext.activate();
    results.activationMs = performance.now() - started;
  });

  test('100 KB in 25,000 chunks: batched edits, one undo step, exact text', async () => {
    const chunks = answerChunks();
    for (let round = 0; round < ROUNDS; round++) {
      const run = await insertRun(chunks);
      results.runs.push({ lastChunkMs: run.lastChunkMs, insertedMs: run.insertedMs, edits: run.edits });
      const doc = run.editor.document;
      results.exact = doc.getText() === run.before + run.text;
      assert.ok(results.exact, 'document text is exactly the answer');
      if (round === 0) {
        await vscode.commands.executeCommand('undo');
        const afterOne = doc.getText();
        await vscode.commands.executeCommand('redo');
        results.undoSteps = afterOne === run.before && doc.getText() === run.before + run.text ? 1 : 0;
      }
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
