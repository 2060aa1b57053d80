import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TranscriptUpdate, Turn } from '../../src/protocol/webview';
import { activateExtension, openEditor, useLocalStack, waitFor, type LocalStack } from './helpers';

suite('Ask Bedrock → chat panel (local stack, real SDK)', function () {
  this.timeout(60_000);
  let stack: LocalStack;

  suiteSetup(async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 20, tokensPerSecond: 400 } });
    await vscode.commands.executeCommand('askBedrock.newChat');
  });
  suiteTeardown(async () => {
    await stack?.close();
  });

  test('"Ask Bedrock" streams the answer into the panel, in several pieces', async () => {
    const api = await activateExtension();
    const updates: TranscriptUpdate[] = [];
    const sub = api.session.onDidUpdate((u) => updates.push(u));
    try {
      const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'How do I stream from Lambda?');
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.match(turn.answer, /stream from Lambda/, 'the demo model quotes the question');
      assert.match(turn.answer, /```/, 'the demo answer has a code block');
      const appended = updates.filter((u) => u.type === 'appended' && u.turnId === turn.id);
      assert.ok(appended.length > 3, `answer arrived in ${appended.length} pieces`);
      assert.equal(appended.map((u) => (u as { text: string }).text).join(''), turn.answer);
      assert.ok((turn.stats?.outputTokens ?? 0) > 0, 'usage reached the panel');
      assert.equal(api.session.turns.at(-1)?.answer, turn.answer, 'the panel state holds the answer');
    } finally {
      sub.dispose();
    }
  });

  test('Ask About Selection with a question asks at once, the selection attached as a chip with its lines and language', async () => {
    const api = await activateExtension();
    const editor = await openEditor('function add(a: number, b: number) {\n  return a + b;\n}\n');
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const turn = await vscode.commands.executeCommand<Turn>('askBedrock.askAboutSelection', 'Explain [[fake:echo]]');
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(turn.attachments?.length, 1);
    assert.equal(turn.attachments?.[0].kind, 'selection');
    assert.match(turn.attachments?.[0].label ?? '', /:1-3$/, 'the chip names the lines');
    assert.match(turn.answer, /return a \+ b;/, 'the echoed request contains the selected code');
    assert.match(turn.answer, /```typescript/);
    assert.deepEqual(api.attachments.list(), [], 'no chip is left waiting');
  });

  test('Ask About Selection without a question puts the selection on a chip and the cursor in the panel', async () => {
    const api = await activateExtension();
    const editor = await openEditor('const answer = 42;\n');
    editor.selection = new vscode.Selection(0, 0, 0, 18);
    const turns = api.session.turns.length;
    const result = await vscode.commands.executeCommand<Turn | undefined>('askBedrock.askAboutSelection');
    assert.equal(result, undefined, 'nothing is asked yet');
    assert.equal(api.session.turns.length, turns);
    assert.deepEqual(api.attachments.list().map((a) => a.kind), ['selection'], 'the selection waits as a chip');
    await waitFor(() => api.chatView.webviewReady, 'the panel opened and loaded', 30_000);
    // What the panel's Send does with the chip shown: the question goes with it.
    const ids = api.attachments.list().map((a) => a.id);
    const turn = await api.session.ask('What is it? [[fake:echo]]', api.attachments.take(ids));
    assert.match(turn.answer, /const answer = 42;/, 'the chip went with the question');
    assert.deepEqual(api.attachments.list(), []);
  });

  test('Stop mid-stream keeps the partial text and marks the turn stopped', async () => {
    const api = await activateExtension();
    let pieces = 0;
    const sub = api.session.onDidUpdate((u) => {
      if (u.type === 'appended' && ++pieces === 3) void vscode.commands.executeCommand('askBedrock.stop');
    });
    try {
      const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Write a long essay [[fake:rate=30]]');
      assert.equal(turn.status, 'stopped');
      assert.ok(turn.answer.length > 0, 'partial text kept');
      assert.equal(api.session.streaming, false);
    } finally {
      sub.dispose();
    }
  });

  test('an error mid-stream keeps the partial answer and offers Retry', async () => {
    const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Trigger [[fake:mid-throttle]]');
    assert.equal(turn.status, 'error');
    assert.ok(turn.answer.length > 0, 'partial answer kept');
    assert.equal(turn.error?.retryable, true);
    assert.match(turn.error?.message ?? '', /thrott/i);
  });

  test('New Chat shows an empty conversation and keeps the last one in the list of chats', async () => {
    const api = await activateExtension();
    const previous = api.session.conversationId;
    assert.ok(api.session.turns.length > 0);
    await vscode.commands.executeCommand('askBedrock.newChat');
    assert.equal(api.session.turns.length, 0);
    assert.notEqual(api.session.conversationId, previous);
    assert.ok(api.conversations.list().some((c) => c.id === previous), 'the earlier chat can be reopened from Show Chats');
  });
});
