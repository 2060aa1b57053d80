import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { waitFor } from '../support/waitFor';
import { e2eVersion, openLocalStackWorkbench, openViewContainer, screenshot, webviewFrame, type LocalStackWorkbench } from './workbench';

/** Types a question into the panel, sends it and waits for the answer's stats line. */
async function ask(frame: FrameLocator, question: string): Promise<void> {
  const input = frame.locator('textarea[aria-label="Ask a question"]');
  await input.waitFor({ timeout: 60_000 });
  const answered = await frame.locator('.turn-stats').count();
  await input.fill(question);
  await input.press('Enter');
  await waitFor(async () => (await frame.locator('.turn-stats').count()) > answered, `"${question}" is answered`, 60_000, 100);
}

/** The rows of the open quick pick, as text. */
async function quickPickRows(page: Page): Promise<string[]> {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allTextContents();
}

describe(`Many chats in the workbench: New chat, Show chats, switch, delete (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({
      folderPrefix: 'ask-bedrock-e2e-chats-',
      userSettings: (stack) => ({ 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none' }),
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && env) await screenshot(env.workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('two conversations: the header names each, Show chats lists both and switches the transcript', async () => {
    const page = env!.workbench.page;
    await openViewContainer(page, 'Ask Bedrock');
    const frame = webviewFrame(page);
    await ask(frame, 'First chat about queues');
    await frame.locator('.chat-title', { hasText: 'First chat about queues' }).waitFor();

    await frame.locator('button[aria-label="New chat"]').click();
    await waitFor(async () => (await frame.locator('.turn').count()) === 0, 'New chat empties the transcript');
    await ask(frame, 'Second chat about streams');
    await frame.locator('.chat-title', { hasText: 'Second chat about streams' }).waitFor();

    await frame.locator('button[aria-label="Show chats"]').click();
    await page.locator('.quick-input-widget', { hasText: 'Chats' }).waitFor();
    await waitFor(async () => (await quickPickRows(page)).length >= 3, 'the list shows New Chat and both chats');
    const rows = await quickPickRows(page);
    assert.match(rows[0], /New Chat/);
    assert.ok(rows.findIndex((r) => r.includes('Second chat')) < rows.findIndex((r) => r.includes('First chat')), `newest first: ${rows.join(' | ')}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'First chat about queues' }).click();

    await frame.locator('.chat-title', { hasText: 'First chat about queues' }).waitFor();
    await waitFor(async () => ((await frame.locator('.turn-prompt').allTextContents()).join('|')) === 'First chat about queues', 'the transcript is the first chat');
    assert.ok((await frame.locator('.turn-answer').first().textContent())?.includes('First chat about queues'), 'with its answer');
  });

  it('Delete in the list asks first, then removes the chat from the list and from the disk', async () => {
    const page = env!.workbench.page;
    const frame = webviewFrame(page);
    await frame.locator('button[aria-label="Show chats"]').click();
    await page.locator('.quick-input-widget', { hasText: 'Chats' }).waitFor();
    // Filtering makes the row the active one, which shows its buttons.
    await page.locator('.quick-input-widget input').fill('Second chat');
    const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Second chat about streams' });
    await row.locator('.action-label[aria-label="Delete"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /Delete the chat "Second chat about streams"\?/);
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();

    // Back in the list, without it.
    await page.locator('.quick-input-widget', { hasText: 'Chats' }).waitFor();
    await waitFor(async () => !(await quickPickRows(page)).some((r) => r.includes('Second chat')), 'the deleted chat is no longer listed');
    await page.keyboard.press('Escape');
    const storage = path.join(env!.workbench.server.userDataDir, 'User', 'workspaceStorage');
    const files = readdirSync(storage, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes(`${path.sep}conversations${path.sep}`) && f.endsWith('.json'));
    const texts = files.map((f) => readFileSync(path.join(storage, f), 'utf8'));
    assert.equal(texts.length, 1, `one conversation left on disk (${files.join(', ')})`);
    assert.ok(texts[0].includes('First chat about queues'));
  });
});
