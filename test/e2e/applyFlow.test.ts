import * as assert from 'node:assert/strict';
import { waitFor } from '../support/waitFor';
import { activeEditorText, COUNT_LINES_SOURCE, e2eVersion, openLocalStackWorkbench, openViewContainer, runCommand, screenshot, webviewFrame, type LocalStackWorkbench, type Workbench } from './workbench';
import type { FrameLocator, Page } from 'playwright-core';

const APPLY = 'button[aria-label="Apply to file (review as a diff)"]';
const DIFF_TAB = '.tabs-container .tab';
const DIFF_TITLE = '(current ↔ proposed)';

/** Opens lines.ts (fresh from the folder) in the editor. */
async function openLinesFile(page: Page): Promise<void> {
  await runCommand(page, 'Go to File');
  await page.keyboard.type('lines.ts');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'lines.ts' }).first().click();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();
}

/** Asks in the panel and waits for the answer's stats line; returns its first code block's text. */
async function askForCode(frame: FrameLocator, question: string): Promise<string> {
  const input = frame.locator('textarea[aria-label="Ask a question"]');
  await input.waitFor({ timeout: 60_000 });
  await input.fill(question);
  await input.press('Enter');
  await frame.locator('.turn').last().locator('.turn-stats').waitFor({ timeout: 60_000 });
  return (await frame.locator('.turn').last().locator('.turn-answer .code-block pre > code').first().textContent()) ?? '';
}

/** Waits for a notification, as a toast or (once folded away) in the notification center, and closes the center again. */
async function waitForNotification(page: Page, text: string): Promise<void> {
  const bell = page.locator('.statusbar-item[id="status.notifications"]').first();
  const center = page.locator('.notifications-center.visible');
  const message = page.locator('.notifications-toasts, .notifications-center').locator('.notification-list-item-message', { hasText: text });
  await waitFor(async () => {
    if (await message.first().isVisible()) return true;
    if (!(await center.isVisible())) await bell.click();
    return false;
  }, `a notification says "${text}"`, 10_000, 100);
  if (await center.isVisible()) await bell.click();
}

describe(`Apply: a panel code block as a diff, accepted or rejected from the editor title (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({
      folderPrefix: 'ask-bedrock-e2e-apply-',
      userSettings: (stack) => ({ 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none' }),
    });
    ({ workbench } = env);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('Apply opens a diff against the active file; Reject in the editor title closes it and leaves the file alone', async () => {
    const page = workbench!.page;
    await openLinesFile(page);
    await openViewContainer(page, 'Ask Bedrock');
    const frame = webviewFrame(page);
    await askForCode(frame, 'Write a function that counts the words of a text');
    await frame.locator('.turn').last().locator(`.turn-answer .code-block ${APPLY}`).first().click();

    const diffTab = page.locator(DIFF_TAB, { hasText: DIFF_TITLE });
    await diffTab.waitFor({ timeout: 20_000 });
    assert.match((await diffTab.textContent()) ?? '', /lines\.ts/, 'the diff is of the active file');
    await waitForNotification(page, 'Apply the proposed change to lines.ts?');
    await page.locator('.editor-actions .action-label[aria-label="Reject Proposed Change"]').click();
    await diffTab.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();
    assert.equal((await activeEditorText(page)).trimEnd(), COUNT_LINES_SOURCE.trimEnd(), 'the file is as it was');
  });

  it('Accept in the editor title puts the code in the file; one Undo brings the file back', async () => {
    const page = workbench!.page;
    const frame = webviewFrame(page);
    const code = await askForCode(frame, 'Write a function that counts the words of a text');
    const firstLine = code.split('\n').find((l) => l.trim())!.trim();
    await frame.locator('.turn').last().locator(`.turn-answer .code-block ${APPLY}`).first().click();

    const diffTab = page.locator(DIFF_TAB, { hasText: DIFF_TITLE });
    await diffTab.waitFor({ timeout: 20_000 });
    await screenshot(page, 'apply-diff');
    await page.locator('.editor-actions .action-label[aria-label="Accept Proposed Change"]').click();
    await diffTab.waitFor({ state: 'detached', timeout: 10_000 });
    await waitFor(async () => (await activeEditorText(page)).includes(firstLine), `the code block's first line "${firstLine}" is in lines.ts`, 10_000, 100);
    assert.doesNotMatch(await activeEditorText(page), /countLines/, 'the answer replaced the whole file (no selection, unrelated code)');
    assert.match((await page.locator(`${DIFF_TAB}.active`).textContent()) ?? '', /lines\.ts/, 'lines.ts is the active editor');

    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+z');
    await waitFor(async () => (await activeEditorText(page)).includes('countLines'), 'one undo brings countLines back', 10_000, 100);
    assert.equal((await activeEditorText(page)).trimEnd(), COUNT_LINES_SOURCE.trimEnd(), 'exactly the file as it was');
  });
});
