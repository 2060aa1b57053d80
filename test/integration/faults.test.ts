import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InsertionResult } from '../../src/editor/insertionSink';
import type { Turn } from '../../src/protocol/webview';
import { ENDPOINT_FAULTS, healthy, json, measureHeap, startFaultServer, type Fault, type FaultServer } from '../fixtures/faults/endpointFaults';
import { activateExtension, openEditor } from './helpers';

/** The representative faults played through the real commands (the unit matrix covers them all). */
const HOST_FAULTS = [
  'reset mid-stream',
  'stall before the first byte',
  'stall mid-stream',
  'a stream with no end',
  '429 with a long Retry-After',
  '403 Forbidden (API key)',
  'an HTML error page',
  'an endless line without a newline',
  'an endless stream of deltas',
  'a stream that outlives the answer time limit',
  "the blog Lambda's text/plain error trailer",
];
/** Short timeouts so a stall is detected quickly; every fault must surface far below the 60 s defaults. */
const TIMEOUTS = { connectSeconds: 2, firstByteSeconds: 2, idleSeconds: 1 };
const NO_HANG_MS = 15_000;

suite('Fault matrix through the extension (scripted endpoint)', function () {
  this.timeout(60_000);
  let server: FaultServer;
  const config = () => vscode.workspace.getConfiguration('askBedrock');

  suiteSetup(async () => {
    await activateExtension();
    server = await startFaultServer();
    await config().update('endpoint', server.endpoint, vscode.ConfigurationTarget.Global);
    await config().update('auth', 'none', vscode.ConfigurationTarget.Global);
    for (const [key, seconds] of Object.entries(TIMEOUTS)) await config().update(`timeouts.${key}`, seconds, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('askBedrock.newChat');
  });
  suiteTeardown(async () => {
    for (const key of Object.keys(TIMEOUTS)) await config().update(`timeouts.${key}`, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('askBedrock.newChat');
    await server?.close();
  });

  /** Asks through the real command with `serve` playing the endpoint; returns the turn and how long it took. */
  async function ask(serve: Fault['serve'], prompt: string): Promise<{ turn: Turn; ms: number }> {
    server.play(serve);
    const started = Date.now();
    const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', prompt);
    return { turn, ms: Date.now() - started };
  }

  /** Runs `body` with the fault's answer limits set in user settings, then restores the defaults. */
  async function withLimits<T>(fault: Fault, body: () => Promise<T>): Promise<T> {
    const keys = { 'limits.answerMegabytes': fault.limits?.answerMegabytes, 'timeouts.answerSeconds': fault.limits?.answerSeconds };
    for (const [key, value] of Object.entries(keys)) if (value !== undefined) await config().update(key, value, vscode.ConfigurationTarget.Global);
    try {
      return await body();
    } finally {
      for (const [key, value] of Object.entries(keys)) if (value !== undefined) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  }

  for (const name of HOST_FAULTS) {
    const fault = ENDPOINT_FAULTS.find((f) => f.name === name);
    test(`${name}: a clear message in the panel, partial answer kept, no hang, the next question works`, async () => {
      assert.ok(fault, `no fault named "${name}"`);
      const api = await activateExtension();
      const play = () => withLimits(fault, () => ask(fault.serve, `Fault: ${name}`));
      const { result, peakMb, keptMb } = fault.heapBoundMb === undefined ? { result: await play(), peakMb: 0, keptMb: 0 } : await measureHeap(play);
      const { turn, ms } = result;
      if (fault.heapBoundMb !== undefined) console.log(`      extension host heap: +${peakMb.toFixed(1)} MB at peak, +${keptMb.toFixed(1)} MB kept with the turn`);
      assert.equal(turn.status, 'error');
      assert.match(turn.error?.message ?? '', fault.expect.message);
      if (fault.expect.retryable !== undefined) assert.equal(turn.error?.retryable, fault.expect.retryable);
      if (fault.expect.text instanceof RegExp) assert.match(turn.answer, fault.expect.text, 'the partial answer is kept');
      else assert.equal(turn.answer, fault.expect.text ?? '', 'the partial answer is kept');
      assert.ok(ms < NO_HANG_MS, `took ${ms} ms`);
      if (fault.heapBoundMb !== undefined) {
        assert.ok(peakMb < fault.heapBoundMb, `the extension host heap grew by ${peakMb.toFixed(1)} MB while the fault played`);
        assert.ok(keptMb < fault.heapBoundMb, `the extension host heap kept ${keptMb.toFixed(1)} MB after the fault`);
      }
      assert.deepEqual(api.session.turns.at(-1), turn, 'the panel shows the failed turn as returned');
      assert.equal(api.session.streaming, false);

      const next = await ask(healthy, 'And now?');
      assert.equal(next.turn.status, 'done', next.turn.error?.message);
      assert.equal(next.turn.answer, 'fine');
    });
  }

  test('429 with a short Retry-After is retried once, then answers', async () => {
    let calls = 0;
    const { turn } = await ask((req, res, socket) => (++calls === 1 ? json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '1' }) : healthy(req, res, socket)), 'Busy?');
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(turn.answer, 'fine');
    assert.equal(calls, 2);
  });

  test('a stall mid-stream during Insert at Cursor keeps the inserted text, and the next insertion works', async () => {
    const stall = ENDPOINT_FAULTS.find((f) => f.name === 'stall mid-stream');
    assert.ok(stall);
    const editor = await openEditor('', 'plaintext');
    server.play(stall.serve);
    const started = Date.now();
    const result = await vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Insert something');
    assert.equal(result.status, 'error');
    assert.match(result.error ?? '', stall.expect.message);
    assert.ok(Date.now() - started < NO_HANG_MS);
    assert.equal(result.inserted, stall.expect.text);
    assert.equal(editor.document.getText(), stall.expect.text, 'the partial insertion stays in the editor');

    server.play(healthy);
    const next = await vscode.commands.executeCommand<InsertionResult>('askBedrock.insertAtCursor', 'Again');
    assert.equal(next.status, 'done', next.error);
    assert.equal(next.inserted, 'fine');
    assert.equal(editor.document.getText().length, `${stall.expect.text}fine`.length);
  });
});
