import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../support/waitFor';
import { activeEditorText, e2eVersion, openLocalStackWorkbench, runCommand, screenshot, webviewFrame, type LocalStackWorkbench } from './workbench';

const WALKTHROUGH = 'Get Started with Ask Bedrock';
const STEPS = {
  tryLocally: 'Try it with the local demo endpoint',
  deploy: 'Deploy your own endpoint',
  configure: 'Configure the endpoint',
  ask: 'Ask about a selection',
  insert: 'Insert an answer at the cursor',
} as const;

/** Opens the walkthrough page the way a user does (Welcome: Open Walkthrough…), or brings its tab back. */
async function openWalkthrough(page: Page): Promise<void> {
  const walkthrough = page.locator('.gettingStartedContainer', { hasText: WALKTHROUGH }).first();
  if (await walkthrough.isVisible()) return;
  const tab = page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first();
  if (await tab.isVisible()) {
    await tab.click();
  } else {
    await runCommand(page, 'Welcome: Open Walkthrough');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: WALKTHROUGH }).first().click();
  }
  await walkthrough.waitFor({ timeout: 30_000 });
}

/** Whether the walkthrough page shows a step as completed (its checkbox: aria-checked). */
async function stepDone(page: Page, title: string): Promise<boolean> {
  const step = page.locator('button.getting-started-step', { hasText: title }).first();
  return (await step.getAttribute('aria-checked')) === 'true';
}

async function waitForStep(page: Page, title: string): Promise<void> {
  await openWalkthrough(page);
  await waitFor(() => stepDone(page, title), `the walkthrough shows "${title}" as completed`, 30_000, 200);
}

/** Opens lines.ts from Go to File and waits until its text is shown. */
async function openLinesFile(page: Page): Promise<void> {
  await runCommand(page, 'Go to File');
  await page.keyboard.type('lines.ts');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'lines.ts' }).first().click();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
}

/** Types into the input box a command opened and presses Enter. */
async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await input.press('Enter');
}

describe(`Walkthrough: its steps complete on the real events, in the workbench (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;

  before(async () => {
    // No endpoint yet: a newcomer's first window.
    env = await openLocalStackWorkbench({ folderPrefix: 'ask-bedrock-e2e-walkthrough-', userSettings: () => ({}) });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && env) await screenshot(env.workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('"Welcome: Open Walkthrough…" lists it and shows its five steps, none completed and none completed by opening it', async () => {
    const page = env!.workbench.page;
    await page.locator('.activitybar .action-item [aria-label^="Ask Bedrock"]').first().waitFor({ timeout: 60_000 });
    await openWalkthrough(page);
    for (const title of Object.values(STEPS)) {
      await page.locator('button.getting-started-step', { hasText: title }).first().waitFor();
      await page.locator('button.getting-started-step', { hasText: title }).first().click();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const title of Object.values(STEPS)) assert.equal(await stepDone(page, title), false, `"${title}" is not completed by a click`);
    await screenshot(page, 'walkthrough');
  });

  it('saving the endpoint with "Configure Endpoint" completes "Configure" (and "Try it locally", a 127.0.0.1 endpoint), not "Deploy"', async () => {
    const page = env!.workbench.page;
    const settingsFile = path.join(env!.workbench.server.userDataDir, 'User', 'settings.json');
    await runCommand(page, 'Ask Bedrock: Configure Endpoint');
    await page.locator('.quick-input-widget', { hasText: 'Configure Endpoint (1/3)' }).waitFor();
    await answerInputBox(page, env!.stack.endpoint);
    await page.locator('.quick-input-widget', { hasText: 'authentication' }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'None' }).first().click();
    await waitFor(() => readFileSync(settingsFile, 'utf8').includes(env!.stack.endpoint), 'the endpoint is saved to user settings', 20_000, 100);
    await waitForStep(page, STEPS.configure);
    await waitForStep(page, STEPS.tryLocally);
    assert.equal(await stepDone(page, STEPS.deploy), false, 'an http://127.0.0.1 endpoint is not a deployed one');
    assert.equal(await stepDone(page, STEPS.ask), false);
  });

  it('the first answer to "Ask About Selection" completes "Ask about a selection"', async () => {
    const page = env!.workbench.page;
    await openLinesFile(page);
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Ask Bedrock: Ask About Selection');
    // The selection rides along as a chip in the panel's composer, which takes the question.
    const composer = webviewFrame(page).locator('textarea').first();
    await composer.waitFor({ timeout: 60_000 });
    await composer.fill('What does this function return?');
    await composer.press('Enter');
    await waitForStep(page, STEPS.ask);
    assert.equal(await stepDone(page, STEPS.insert), false, 'an answer in the panel is not an insertion');
  });

  it('the first "Insert Answer at Cursor" that edits the file completes "Insert an answer at the cursor"', async () => {
    const page = env!.workbench.page;
    await openLinesFile(page);
    await page.keyboard.press('Control+End');
    const before = await activeEditorText(page);
    await runCommand(page, 'Ask Bedrock: Insert Answer at Cursor');
    await answerInputBox(page, 'A function that counts the words of a text');
    await waitFor(async () => (await activeEditorText(page)) !== before, 'the answer reaches the editor', 60_000, 200);
    await waitForStep(page, STEPS.insert);
    await screenshot(page, 'walkthrough-completed');
  });
});
