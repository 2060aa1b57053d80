/**
 * Runs inside a real VS Code extension host (started by test/bench/editorBench.ts): activation
 * time, and a 100 KB answer in 25,000 chunks streamed into an editor. The main case takes the
 * user's path from the transport on: Insert at Cursor's controller (a second instance, so each
 * delta's arrival can be timed; the command only adds the input box) and the extension's own
 * transport, reading the answer from the local stack (started by the runner, outside this host)
 * as fast as it streams.
 * Writes its raw measurements to $ASK_BEDROCK_BENCH_OUT for the bench table.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { AnswerSource } from '../../../src/transport/streamAnswer';
import { readSettings, SECTION } from '../../../src/config/settings';
import { InsertionController } from '../../../src/editor/insertionController';
import { EditBatcher } from '../../../src/editor/editBatcher';
import type { AskBedrockTestApi } from '../../../src/extension';
import { waitFor } from '../../support/waitFor';
import { EDITOR_ROUNDS, editorAnswerChunks } from '../editorAnswer';

const EXTENSION_ID = 'ask-bedrock.ask-bedrock';
const BEFORE = '// existing code\n';

/** What this suite writes to $ASK_BEDROCK_BENCH_OUT (read by editorBench.ts). */
export interface EditorBenchResults {
  /** The extension's own share: loading its bundle and running activate() (what it logs). */
  activationMs?: number;
  /** `await extension.activate()` as a caller sees it, including VS Code preparing the context. */
  hostActivationMs?: number;
  /** Insert at Cursor, streamed from the local stack. Times from the command's start. */
  streamed: { firstChunkMs: number; lastChunkMs: number; insertedMs: number; edits: number; chunks: number }[];
  /** The same chunks handed to the inserter in-process, as fast as a loop can (a stress case, no network). */
  inProcess: { lastChunkMs: number; insertedMs: number; oneEditMs: number }[];
  undoSteps?: number;
  exact?: boolean;
}

async function openEditor(): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content: BEFORE, language: 'typescript' });
  return vscode.window.showTextDocument(doc);
}

/** The cursor at the end of the existing code, where the answer goes. */
function cursorAtEnd(editor: vscode.TextEditor): void {
  const end = editor.document.positionAt(BEFORE.length);
  editor.selection = new vscode.Selection(end, end);
}

/**
 * Reverts and closes the active editor's document and waits until this host has let go of it:
 * the next untitled document may reuse its name, and must not be mistaken for it.
 */
async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await waitFor(() => doc.isClosed, `${doc.uri.toString()} did not close`, 10_000, 20);
}

/** Where two texts first differ, for a readable failure. */
function firstDifference(actual: string, expected: string): string {
  let at = 0;
  while (at < expected.length && actual[at] === expected[at]) at++;
  return `${actual.length} chars for ${expected.length}, first difference at ${at}`;
}

/** Delivers chunks straight to the inserter in a loop, yielding to the event loop every 50. */
async function inProcessRun(chunks: string[]): Promise<{ lastChunkMs: number; insertedMs: number; doc: vscode.TextDocument }> {
  const editor = await openEditor();
  const end = editor.document.positionAt(BEFORE.length);
  const inserter = new EditBatcher(editor, new vscode.Range(end, end));
  const started = performance.now();
  for (let i = 0; i < chunks.length; i++) {
    inserter.push(chunks[i]);
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  const lastChunkMs = performance.now() - started;
  await inserter.finish();
  return { lastChunkMs, insertedMs: performance.now() - started, doc: editor.document };
}

/** Milliseconds for one editor.edit that inserts all of `text` into a fresh editor. */
async function oneEdit(text: string): Promise<number> {
  const editor = await openEditor();
  const started = performance.now();
  assert.ok(await editor.edit((builder) => builder.insert(editor.document.positionAt(BEFORE.length), text)));
  const ms = performance.now() - started;
  await revertAndClose(editor.document);
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
  this.timeout(600_000);
  const results: EditorBenchResults = { streamed: [], inProcess: [] };
  const chunks = editorAnswerChunks();
  const answer = chunks.join('');

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

  test('Insert at Cursor, 100 KB in 25,000 chunks from the local stack: keeps up, batched, one undo step, exact text', async () => {
    const api = await vscode.extensions.getExtension<AskBedrockTestApi>(EXTENSION_ID)!.activate();
    let firstChunkAt = 0;
    let lastChunkAt = 0;
    let received = 0;
    // The extension's own transport, timing each delta as it reaches the extension.
    const timed: AnswerSource = async function* (request, signal) {
      for await (const event of api.answer(request, signal)) {
        if (event.type === 'delta') {
          lastChunkAt = performance.now();
          firstChunkAt ||= lastChunkAt;
          received++;
        }
        yield event;
      }
    };
    const insertions = new InsertionController(timed, () => readSettings(vscode.workspace.getConfiguration(SECTION), true), { info() {}, error() {} });
    try {
      for (let round = 0; round < EDITOR_ROUNDS; round++) {
        const editor = await openEditor();
        cursorAtEnd(editor);
        firstChunkAt = lastChunkAt = received = 0;
        const started = performance.now();
        const result = await insertions.insert(editor, 'Write the bench answer');
        const insertedMs = performance.now() - started;
        assert.equal(result.status, 'done', result.error);
        const doc = editor.document;
        results.exact = doc.getText() === BEFORE + answer;
        assert.ok(results.exact, `round ${round}: document text is exactly the answer (${firstDifference(doc.getText(), BEFORE + answer)}, ${result.edits} edits)`);
        if (round === 0) results.undoSteps = await undoSteps(doc, BEFORE, BEFORE + answer);
        await revertAndClose(doc);
        results.streamed.push({ firstChunkMs: firstChunkAt - started, lastChunkMs: lastChunkAt - started, insertedMs, edits: result.edits, chunks: received });
      }
    } finally {
      insertions.dispose();
    }
  });

  test('the same chunks handed over in-process, and as one edit', async () => {
    for (let round = 0; round < EDITOR_ROUNDS; round++) {
      const run = await inProcessRun(chunks);
      assert.equal(run.doc.getText(), BEFORE + answer, `round ${round}: ${firstDifference(run.doc.getText(), BEFORE + answer)}`);
      await revertAndClose(run.doc);
      results.inProcess.push({ lastChunkMs: run.lastChunkMs, insertedMs: run.insertedMs, oneEditMs: await oneEdit(answer) });
    }
  });
});
