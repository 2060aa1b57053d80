import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startLocalStack } from '../../infra/local/stack';
import { waitFor } from '../support/waitFor';
import { e2eVersion, openViewContainer, openWorkbench, packageExtension, screenshot, webviewFrame, type Workbench } from './workbench';

/** How long nothing must happen after a cancelled link before the test believes nothing will. */
const QUIET_MS = 2_000;

/**
 * The links' site. Loopback, which VS Code trusts without its own "open external website?"
 * prompt, so the only question asked is ours; code-server turns the address into its
 * `/proxy/9/…` path when it opens the page, and nothing listens there.
 */
const SITE = 'http://127.0.0.1:9';
const HOST = new URL(SITE).host;

/** VS Code's modal dialog once it shows `message`. */
async function modal(page: Page, message: string): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.filter({ hasText: message }).waitFor({ timeout: 15_000 });
  return dialog;
}

/** Presses the dialog's button labelled `label` and waits until the dialog is gone. */
async function press(dialog: Locator, label: string): Promise<void> {
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

describe(`Links in answers open only with consent, in the workbench (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let workbench: Workbench | undefined;
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  /** Every page the browser opened besides the workbench (a link opened by VS Code or by us). */
  const opened: Page[] = [];
  let frame: FrameLocator;
  let link: Locator;

  const openedUrls = () => opened.map((p) => p.url());
  /** Waits a while, then asserts that the browser opened no page (VS Code opens external links as new pages). */
  async function assertNothingOpened(what: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    assert.deepEqual(openedUrls(), [], `${what}: no page opened`);
  }

  before(async () => {
    stack = await startLocalStack({ port: 0, auth: 'none', fake: { firstTokenDelayMs: 50, tokensPerSecond: 400 } });
    workbench = await openWorkbench({
      vsix: packageExtension(),
      userSettings: { 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none' },
    });
    workbench.page.context().on('page', (page) => opened.push(page));

    const page = workbench.page;
    await openViewContainer(page, 'Ask Bedrock');
    frame = webviewFrame(page);
    const input = frame.locator('textarea[aria-label="Ask a question"]');
    await input.waitFor({ timeout: 60_000 });
    // The fake model echoes the question: the answer carries these links.
    await input.fill(`Read [the guide](${SITE}/guide) or [AWS docs](http://docs.aws.amazon.com%2fbedrock@${HOST}/disguised). [[fake:echo]]`);
    await input.press('Enter');
    await frame.locator('.turn-stats').last().waitFor({ timeout: 60_000 });
    link = frame.locator('.turn-answer a', { hasText: 'the guide' });
    await link.waitFor();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await workbench?.close();
    await stack?.close();
  });

  it('a clicked link asks first, naming its host; Cancel opens nothing', async () => {
    await link.click();
    const dialog = await modal(workbench!.page, `Open ${HOST}?`);
    assert.ok(((await dialog.textContent()) ?? '').includes(`${SITE}/guide`), 'the full address is in the detail');
    await press(dialog, 'Cancel');
    await assertNothingOpened('click, then Cancel');
    assert.equal(await link.getAttribute('href'), null, 'the link carries no href VS Code could open by itself');
  });

  for (const [way, follow] of [
    ['middle-click', (l: Locator) => l.click({ button: 'middle' })],
    ['Ctrl-click', (l: Locator) => l.click({ modifiers: ['ControlOrMeta'] })],
    ['Shift-click', (l: Locator) => l.click({ modifiers: ['Shift'] })],
    ['Enter on the focused link', (l: Locator) => l.press('Enter')],
  ] as const) {
    it(`${way} asks the same way; Cancel opens nothing`, async () => {
      await follow(link);
      await press(await modal(workbench!.page, `Open ${HOST}?`), 'Cancel');
      await assertNothingOpened(`${way}, then Cancel`);
    });
  }

  it('a link with a user name in front of its host is refused outright', async () => {
    await frame.locator('.turn-answer a', { hasText: 'AWS docs' }).click();
    const dialog = await modal(workbench!.page, `Link to ${HOST} not opened`);
    assert.equal(await dialog.getByRole('button', { name: 'Open', exact: true }).count(), 0, 'no way to open it');
    await workbench!.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await assertNothingOpened('a disguised link');
  });

  it('a clicked link the user confirms opens exactly once', async () => {
    await link.click();
    await press(await modal(workbench!.page, `Open ${HOST}?`), 'Open');
    await waitFor(() => opened.length > 0, 'a page opens', 15_000, 100);
    // code-server 4.139 keeps the path (`/proxy/9/guide`); 4.100 opens the proxied site's root (`/proxy/9/`).
    await waitFor(() => opened.some((p) => p.url().includes('/proxy/9/')), 'the page is the link\'s site', 15_000, 100);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    assert.equal(opened.length, 1, `exactly one page opened: ${openedUrls().join(', ')}`);
  });
});
