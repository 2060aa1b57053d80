import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TranscriptUpdate, Turn } from '../../src/protocol/webview';
import { activateExtension, openEditor, useLocalStack, type LocalStack } from './helpers';

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

  test('the selection rides along with its file name and language', async () => {
    const editor = await openEditor('function add(a: number, b: number) {\n  return a + b;\n}\n');
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const turn = await vscode.commands.executeCommand<Turn>('askBedrock.askAboutSelection', 'Explain [[fake:echo]]');
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.deepEqual(turn.context && { lang: turn.context.languageId, start: turn.context.startLine, end: turn.context.endLine }, {
      lang: 'typescript',
      start: 1,
      end: 3,
    });
    assert.match(turn.answer, /return a \+ b;/, 'the echoed request contains the selected code');
    assert.match(turn.answer, /```typescript/);
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

  test('New Chat clears the conversation', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('askBedrock.newChat');
    assert.equal(api.session.turns.length, 0);
  });
});
