import * as assert from 'node:assert/strict';
import { waitFor } from '../support/waitFor';
import { e2eVersion, openLocalStackWorkbench, runCommand, screenshot, type LocalStackWorkbench } from './workbench';

const NOTIFICATIONS = '.notifications-toasts, .notifications-center';

describe(`Check Endpoint from the palette: progress, the report in an output view, Copy Report (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({
      folderPrefix: 'ask-bedrock-e2e-doctor-',
      userSettings: (stack) => ({ 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none' }),
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && env) await screenshot(env.workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('runs every check, shows the report, and "Copy Report" puts the report on the clipboard', async () => {
    const page = env!.workbench.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('.activitybar .action-item [aria-label^="Ask Bedrock"]').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Ask Bedrock: Check Endpoint');

    // The toast may already have been folded into the notification center: look there too.
    const bell = page.locator('.statusbar-item[id="status.notifications"]').first();
    const toast = page.locator(NOTIFICATIONS).locator('.notification-list-item', { hasText: 'Ask Bedrock is connected' }).first();
    await waitFor(async () => {
      if (await toast.isVisible()) return true;
      if (!(await page.locator('.notifications-center.visible').isVisible())) await bell.click();
      return false;
    }, 'a notification says the endpoint is connected', 60_000, 100);
    assert.match((await toast.locator('.notification-list-item-message').textContent()) ?? '', /every check passed, first byte after \d+ ms/);
    // Monaco renders spaces as no-break spaces.
    const outputText = async () => ((await page.locator('.part.panel .monaco-editor .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
    await waitFor(async () => /Every check passed\./.test(await outputText()), 'the report is shown in the output view', 20_000, 100);
    assert.match(await outputText(), /✓ Streaming +streams: \d+ chunks/);

    await toast.hover();
    await toast.locator('.monaco-button', { hasText: 'Copy Report' }).click();
    let copied = '';
    await waitFor(async () => {
      copied = await page.evaluate(() => navigator.clipboard.readText());
      return copied.startsWith('Ask Bedrock');
    }, 'the report is on the clipboard', 20_000, 200);
    assert.match(copied, /^Ask Bedrock — endpoint check/);
    assert.match(copied, /\n✓ URL shape +an endpoint on this machine/);
    assert.match(copied, /\n✓ Streaming +streams: \d+ chunks spread over \d+ ms of \d+ ms; first byte after \d+ ms\n/);
    assert.match(copied, /Every check passed\.\n$/);
  });
});
