import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KeyValueBodies } from '../../src/chat/conversationBodies';
import { ConversationStore } from '../../src/chat/conversationStore';
import { ChatSession } from '../../src/chat/session';
import type { AnswerSource } from '../../src/transport/streamAnswer';
import type { Turn } from '../../src/protocol/webview';
import { MemoryStore } from '../support/memoryStore';
import { settledHeap } from '../support/settledHeap';
import { activateExtension, useLocalStack, type LocalStack } from './helpers';

const CHATS = 10;
const INSERTIONS = 10;

/** A conversation of its own on the extension's shared transport, kept in memory. */
function chatOnSharedTransport(answer: AnswerSource): ChatSession {
  const memory = new MemoryStore();
  return new ChatSession({ answer, conversations: new ConversationStore(memory, new KeyValueBodies(memory)), settings: () => ({}), log: { info: () => {}, error: () => {} } });
}

suite('Load: concurrent chats and insertions in one host (local stack)', function () {
  this.timeout(180_000);
  let stack: LocalStack;

  suiteSetup(async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 5, tokensPerSecond: 300 } });
  });
  suiteTeardown(async () => {
    await stack?.close();
  });

  /** One round: the panel's chat, 10 more chats and 10 insertions at once; checks every answer. */
  async function round(api: Awaited<ReturnType<typeof activateExtension>>, tag: string): Promise<void> {
    // Opened one after another: the workbench refuses to open editors concurrently.
    const editors: vscode.TextEditor[] = [];
    for (let i = 0; i < INSERTIONS; i++) {
      const doc = await vscode.workspace.openTextDocument({ content: '', language: 'plaintext' });
      editors.push(await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true }));
    }
    const chats = Array.from({ length: CHATS }, () => chatOnSharedTransport(api.answer));
    const panel = vscode.commands.executeCommand<Turn>('askBedrock.ask', `panel chat ${tag} [[fake:echo]] PANEL-MARKER`);
    const answers = chats.map((chat, i) => chat.ask(`[[fake:echo]] ${tag} chat-${i}-marker ${'日本語のテキスト '.repeat(20)}`));
    const inserted = editors.map((editor, i) => api.insertions.insert(editor, `[[fake:echo]] ${tag} insertion-${i}-marker`));
    const [panelTurn, chatTurns, insertResults] = await Promise.all([panel, Promise.all(answers), Promise.all(inserted)]);

    const own = (text: string, kind: string, i: number) => {
      assert.match(text, new RegExp(`${kind}-${i}-marker`));
      for (let j = 0; j < Math.max(CHATS, INSERTIONS); j++) {
        if (j !== i) assert.doesNotMatch(text, new RegExp(`${kind}-${j}-marker`), `${kind} ${i} got text meant for ${j}`);
      }
      assert.doesNotMatch(text, kind === 'chat' ? /insertion-\d+-marker|PANEL-MARKER/ : /chat-\d+-marker|PANEL-MARKER/);
    };
    chatTurns.forEach((turn, i) => {
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.equal(turn.answer, `[[fake:echo]] ${tag} chat-${i}-marker ${'日本語のテキスト '.repeat(20)}`, `chat ${i} got exactly what the model sent`);
      own(turn.answer, 'chat', i);
    });
    insertResults.forEach((result, i) => {
      assert.equal(result.status, 'done', result.error);
      const text = editors[i].document.getText();
      assert.equal(text, result.inserted, `editor ${i} holds exactly what was streamed to it`);
      own(text, 'insertion', i);
    });
    assert.equal(panelTurn.status, 'done', panelTurn.error?.message);
    assert.match(panelTurn.answer, /PANEL-MARKER/);
    assert.doesNotMatch(panelTurn.answer, /(chat|insertion)-\d+-marker/);
    assert.equal(api.insertions.isRunning, false);
    for (const chat of chats) chat.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  test(`${CHATS} chats, the panel's chat and ${INSERTIONS} insertions at once: each answer exact, no cross-talk, memory returns`, async () => {
    const api = await activateExtension();
    await round(api, 'warm-up'); // pools, JIT and editor services reach their steady size
    const before = await settledHeap();
    await round(api, 'measured-1');
    await round(api, 'measured-2');
    await vscode.commands.executeCommand('askBedrock.newChat');
    const growthMb = ((await settledHeap()) - before) / 2 ** 20;
    assert.ok(growthMb < 16, `extension host heap grew by ${growthMb.toFixed(1)} MB over two rounds`);
  });
});
