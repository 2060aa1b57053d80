import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StoredConversation } from '../../src/chat/conversation';
import type { Turn } from '../../src/protocol/webview';
import { exportChat } from '../../src/ui/commands/chats';
import { activateExtension, openEditor, useLocalStack, waitFor, type LocalStack } from './helpers';

const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Every file the conversations wrote under the workspace's storage folder, joined. */
function storedText(storageUri: vscode.Uri | undefined): string {
  assert.ok(storageUri, 'the test workspace has a storage folder');
  const folder = path.join(storageUri.fsPath, 'conversations');
  return readdirSync(folder)
    .map((name) => readFileSync(path.join(folder, name), 'utf8'))
    .join('\n');
}

suite('Many conversations: switch, export, delete, bounds (local stack, real host)', function () {
  this.timeout(90_000);
  let stack: LocalStack;
  let exportFolder: string;

  suiteSetup(async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 5, tokensPerSecond: 2000 } });
    exportFolder = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-export-'));
  });
  suiteTeardown(async () => {
    await stack?.close();
    rmSync(exportFolder, { recursive: true, force: true });
  });

  test('Show Chats lists both conversations newest first and switches the panel to the one picked', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('askBedrock.newChat');
    const alpha = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Alpha question about streams');
    assert.equal(alpha.status, 'done', alpha.error?.message);
    const alphaId = api.session.conversationId;
    await vscode.commands.executeCommand('askBedrock.newChat');
    assert.equal(api.session.turns.length, 0, 'New Chat shows an empty conversation');
    await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Beta question about queues');
    const betaId = api.session.conversationId;
    assert.notEqual(betaId, alphaId);
    assert.deepEqual(
      api.conversations.list().slice(0, 2).map((c) => c.title),
      ['Beta question about queues', 'Alpha question about streams'],
      'titled from the first question, newest first',
    );

    const resets: (readonly Turn[])[] = [];
    const sub = api.session.onDidReset((turns) => resets.push(turns));
    try {
      // The real quick pick: it opens on the current chat (Beta); one down is Alpha.
      const shown = vscode.commands.executeCommand('askBedrock.showChats');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await shown;
      await waitFor(() => api.session.conversationId === alphaId, 'the panel switched to the Alpha conversation');
    } finally {
      sub.dispose();
    }
    assert.deepEqual(api.session.turns.map((t) => t.prompt), ['Alpha question about streams']);
    assert.equal(api.session.turns[0].answer, alpha.answer, 'with its answer');
    assert.deepEqual(resets.at(-1)?.map((t) => t.prompt), ['Alpha question about streams'], 'the panel was sent the whole transcript');
    assert.equal(api.session.header.title, 'Alpha question about streams');

    await api.session.open(betaId);
    assert.deepEqual(api.session.turns.map((t) => t.prompt), ['Beta question about queues'], 'and back');
  });

  test('Export Chat as Markdown writes the conversation to a file', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('askBedrock.newChat');
    const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Export me [[fake:echo]]');
    assert.equal(turn.status, 'done', turn.error?.message);
    const target = vscode.Uri.file(path.join(exportFolder, 'chat.md'));
    // The save dialog is the user's; the test drives the exporter the command calls, with the file it would have picked.
    const written = await exportChat(api.conversations, api.session.conversationId, target);
    assert.equal(written?.fsPath, target.fsPath);
    const markdown = readFileSync(target.fsPath, 'utf8');
    assert.match(markdown, /^# Export me \[\[fake:echo\]\]\n/);
    assert.match(markdown, /## You\n\nExport me \[\[fake:echo\]\]/);
    assert.ok(markdown.includes(turn.answer.trim().slice(0, 40)), 'the answer is in it');
  });

  test('the Export Chat command takes no target from its arguments: a command link cannot write a file without the save dialog', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('askBedrock.newChat');
    const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', 'Export me [[fake:echo]]');
    assert.equal(turn.status, 'done', turn.error?.message);
    const target = vscode.Uri.file(path.join(exportFolder, 'overwritten.md'));
    // Not awaited: it waits for the save dialog, which the test leaves to the user.
    void vscode.commands.executeCommand('askBedrock.exportChat', api.session.conversationId, target);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(existsSync(target.fsPath), false, 'nothing was written to the URI given as an argument');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  test('deleting the shown conversation removes it from the list and storage and shows the newest other', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('askBedrock.newChat');
    await vscode.commands.executeCommand('askBedrock.ask', 'Keep this one');
    const keptId = api.session.conversationId;
    await vscode.commands.executeCommand('askBedrock.newChat');
    await vscode.commands.executeCommand('askBedrock.ask', 'Delete this one');
    const doomedId = api.session.conversationId;
    await api.conversations.settled();
    assert.ok(readdirSync(path.join(api.storageUri!.fsPath, 'conversations')).includes(`${doomedId}.json`), 'it was on disk');

    await api.session.delete(doomedId);
    await api.conversations.settled();
    assert.ok(!api.conversations.list().some((c) => c.id === doomedId), 'not listed');
    assert.ok(!readdirSync(path.join(api.storageUri!.fsPath, 'conversations')).includes(`${doomedId}.json`), 'its file is gone');
    assert.equal(api.session.conversationId, keptId, 'the newest other is shown');
  });

  test('at most 50 conversations are kept: the oldest give way', async () => {
    const api = await activateExtension();
    const ids: string[] = [];
    for (let i = 0; i < 52; i++) {
      const conversation: StoredConversation = { ...api.conversations.create(), turns: [{ id: `t${i}`, prompt: `bulk ${i}`, content: `bulk ${i}`, answer: 'ok', status: 'done' }] };
      ids.push(conversation.id);
      await api.conversations.save(conversation);
    }
    await api.conversations.settled();
    const listed = api.conversations.list();
    assert.equal(listed.length, 50);
    assert.equal(listed[0].id, ids.at(-1));
    assert.ok(!listed.some((c) => c.id === ids[0] || c.id === ids[1]), 'the two oldest bulk chats gave way');
    const files = readdirSync(path.join(api.storageUri!.fsPath, 'conversations'));
    assert.equal(files.length, 50, 'one file per kept conversation');
    // The panel shows a conversation of its own again.
    await api.session.open(ids.at(-1)!);
    await vscode.commands.executeCommand('askBedrock.newChat');
  });

  test('with history.saveCodeContext off, the attached code is sent but never written to storage', async () => {
    const api = await activateExtension();
    const config = vscode.workspace.getConfiguration('askBedrock');
    await config.update('history.saveCodeContext', false, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('askBedrock.newChat');
      const editor = await openEditor(`${SECRET}\n`, 'properties');
      editor.selection = new vscode.Selection(0, 0, 0, SECRET.length);
      const turn = await vscode.commands.executeCommand<Turn>('askBedrock.askAboutSelection', 'What is this line?');
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.ok(JSON.stringify(stack.fake!.requests.at(-1)?.body).includes('wJalrXUtnFEMI'), 'the selection went to Bedrock with the question');
      assert.deepEqual(turn.attachments?.map((a) => a.kind), ['selection']);
      await api.conversations.settled();
      const stored = api.conversations.load(api.session.conversationId)!;
      assert.equal(stored.turns[0].content, 'What is this line?', 'the stored question has no code');
      assert.deepEqual(stored.turns[0].attachments?.map((a) => a.kind), ['selection'], 'what was attached is still listed');
      const onDisk = storedText(api.storageUri);
      assert.ok(onDisk.includes('What is this line?'), 'the conversation is on disk');
      assert.ok(!onDisk.includes('wJalrXUtnFEMI'), 'the secret is not');
    } finally {
      await config.update('history.saveCodeContext', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
