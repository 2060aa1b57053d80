import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../support/waitFor';
import { activeEditorText, e2eVersion, openLocalStackWorkbench, openViewContainer, runCommand, screenshot, webviewFrame, type LocalStackWorkbench, type Workbench } from './workbench';

/** Lengths of the streaming answer's text, sampled until the turn shows its stats line. */
async function sampleWhileStreaming(frame: FrameLocator): Promise<number[]> {
  const answer = frame.locator('.turn-answer').last();
  const stats = frame.locator('.turn-stats').last();
  const lengths: number[] = [];
  const error = frame.locator('.turn').last().locator('.error-card');
  await waitFor(
    async () => {
      if (await error.isVisible()) assert.fail(`the answer failed: ${await error.textContent()}`);
      if (await stats.isVisible()) return true;
      lengths.push(((await answer.textContent()) ?? '').length);
      return false;
    },
    'the answer finishes',
    60_000,
    40,
  );
  return lengths;
}

describe(`User flow: configure, chat and insert in the workbench, against the local stack (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;
  let workbench: Workbench | undefined;
  let stack: LocalStackWorkbench['stack'] | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({ folderPrefix: 'ask-bedrock-e2e-flow-', userSettings: () => ({ 'workbench.colorTheme': 'Default Dark Modern' }) });
    ({ workbench, stack } = env);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('"Configure Endpoint" from the palette saves the endpoint to user settings and tests the connection', async () => {
    const page = workbench!.page;
    const settingsFile = path.join(workbench!.server.userDataDir, 'User', 'settings.json');
    await openViewContainer(page, 'Ask Bedrock');
    await runCommand(page, 'Ask Bedrock: Configure Endpoint');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Configure Endpoint (1/3)' }).waitFor();
    await input.fill(stack!.endpoint);
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'authentication' }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'None' }).first().click();
    await waitFor(() => /askBedrock.auth/.test(readFileSync(settingsFile, 'utf8')), 'the endpoint and auth are saved to user settings', 20_000, 100);
    const saved = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    assert.equal(saved['askBedrock.endpoint'], stack!.endpoint);
    assert.equal(saved['askBedrock.auth'], 'none');
    // The toast may already have been folded into the notification center: look there.
    const bell = page.locator('.statusbar-item[id="status.notifications"]').first();
    const connected = page.locator('.notifications-toasts, .notifications-center').locator('.notification-list-item-message', { hasText: 'Ask Bedrock is connected' });
    await waitFor(async () => {
      if (await connected.first().isVisible()) return true;
      if (!(await page.locator('.notifications-center.visible').isVisible())) await bell.click();
      return false;
    }, 'a notification says the endpoint is connected', 60_000, 100);
    if (await page.locator('.notifications-center.visible').isVisible()) await bell.click();
  });

  it('a question typed in the panel streams in chunk by chunk, renders markdown and a highlighted code block', async () => {
    const page = workbench!.page;
    await openViewContainer(page, 'Ask Bedrock');
    const frame = webviewFrame(page);
    const input = frame.locator('textarea[aria-label="Ask a question"]');
    await input.waitFor({ timeout: 60_000 });
    await input.fill('How do I count the lines of a file in TypeScript?');
    await input.press('Enter');

    const lengths = await sampleWhileStreaming(frame);
    const growing = new Set(lengths.filter((n) => n > 0));
    assert.ok(growing.size >= 3, `the answer appeared progressively (lengths seen: ${[...growing].slice(0, 10).join(', ')})`);

    const answer = frame.locator('.turn-answer').last();
    assert.match((await answer.textContent()) ?? '', /count the lines of a file/, 'the demo model engages with the question');
    const block = answer.locator('.code-block').first();
    await block.waitFor();
    assert.equal(await block.locator('button[aria-label="Copy code"]').count(), 1);
    assert.ok((await block.locator('code [class^="hljs-"]').count()) > 0, 'the closed code block is highlighted');
    assert.match((await frame.locator('.turn-stats').last().textContent()) ?? '', /tok/, 'per-answer stats are shown');

  });

  it('"Insert code at cursor" on a code block edits the open file; Stop ends an answer at once and keeps its text', async () => {
    const page = workbench!.page;
    await runCommand(page, 'Go to File');
    await page.keyboard.type('lines.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'lines.ts' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();
    await page.keyboard.press('Control+End');

    const frame = webviewFrame(page);
    const code = (await frame.locator('.turn-answer .code-block pre > code').first().textContent()) ?? '';
    await frame.locator('.turn-answer .code-block button[aria-label="Insert code at cursor"]').first().click();
    const firstLine = code.split('\n')[0]!.trim();
    await waitFor(async () => (await activeEditorText(page)).includes(firstLine), `the code block's first line "${firstLine}" reaches the editor`, 20_000, 100);

    const input = frame.locator('textarea[aria-label="Ask a question"]');
    await input.fill('A long one please [[fake:rate=20]]');
    await input.press('Enter');
    const answer = frame.locator('.turn-answer').nth(1);
    await answer.filter({ hasText: /\S{3}/ }).waitFor({ timeout: 30_000 });
    await frame.locator('button[aria-label^="Stop"]').click();
    await frame.locator('.turn-note', { hasText: 'Stopped.' }).waitFor({ timeout: 5_000 });
    const kept = (await answer.textContent()) ?? '';
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(kept.length > 0, 'the partial answer is kept');
    assert.equal((await answer.textContent()) ?? '', kept, 'nothing arrives after Stop');
  });
});
