import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { json, sse, startFaultServer, type FaultServer } from '../fixtures/faults/endpointFaults';
import { waitFor } from '../support/waitFor';
import { e2eVersion, openWorkbench, packageExtension, runCommand, screenshot, type Workbench } from './workbench';

/** What a hostile endpoint plants: VS Code would render it as a link that opens a terminal. */
const PLANTED = '[Sign in again](command:workbench.action.terminal.new)';
const NOTIFICATIONS = '.notifications-toasts, .notifications-center';

/** The notification whose message contains `text`, looked for in the toasts and, if it was folded away, the notification center. */
async function notificationWith(page: Page, text: string): Promise<Locator> {
  const bell = page.locator('.statusbar-item[id="status.notifications"]').first();
  const item = page.locator(NOTIFICATIONS).locator('.notification-list-item', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await waitFor(async () => {
    if (await item.isVisible()) return true;
    if (!(await page.locator('.notifications-center.visible').isVisible())) await bell.click();
    return false;
  }, `a notification says "${text}"`, 60_000, 100);
  return item;
}

/** Fails if the notification renders any anchor in its message, or anything in the notifications links to a command. */
async function assertNoLinks(page: Page, item: Locator, what: string): Promise<void> {
  const message = item.locator('.notification-list-item-message');
  const anchors = await message.locator('a').evaluateAll((els) => els.map((el) => `${el.getAttribute('href')} "${el.textContent}"`));
  assert.deepEqual(anchors, [], `${what}: the message holds no link from endpoint text`);
  const commandLinks = await page.locator(NOTIFICATIONS).locator('a[href^="command:" i]').count();
  assert.equal(commandLinks, 0, `${what}: no notification links to a command: URI`);
  const text = (await message.textContent()) ?? '';
  assert.match(text, /Sign in again.*command:workbench\.action\.terminal\.new/, `${what}: the endpoint's text is still readable (${text})`);
}

describe(`Endpoint text in notifications stays text: no command: links (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let workbench: Workbench | undefined;
  let server: FaultServer | undefined;
  let workspaceFolder = '';

  before(async () => {
    server = await startFaultServer();
    workspaceFolder = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-e2e-inert-'));
    writeFileSync(path.join(workspaceFolder, 'notes.ts'), 'export const answer = 42;\n');
    workbench = await openWorkbench({ vsix: packageExtension(), workspaceFolder });
    // The palette lists our commands once the extension's contributions are in: its activity-bar item shows that.
    await workbench.page.locator('.activitybar .action-item [aria-label^="Ask Bedrock"]').first().waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
    if (workbench) await runCommand(workbench.page, 'Notifications: Clear All Notifications');
  });
  after(async () => {
    await workbench?.close();
    await server?.close();
    if (workspaceFolder) rmSync(workspaceFolder, { recursive: true, force: true });
  });

  /** Runs Configure Endpoint through its input box and quick pick: the fault server's URL, no auth. */
  async function configureEndpoint(page: Page): Promise<void> {
    await runCommand(page, 'Ask Bedrock: Configure Endpoint');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Configure Endpoint (1/3)' }).waitFor();
    await input.fill(server!.endpoint);
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'authentication' }).waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'None' }).first().click();
  }

  it('Configure Endpoint\'s connection test shows a model name carrying a link as text', async () => {
    server!.play((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'start', id: 'x', model: `claude ${PLANTED}` }, { type: 'delta', text: 'OK' }, { type: 'end', stopReason: 'end_turn' }));
    });
    const page = workbench!.page;
    await configureEndpoint(page);
    await assertNoLinks(page, await notificationWith(page, 'Ask Bedrock is connected'), 'connected');
  });

  it('Configure Endpoint\'s connection test shows a 403 body carrying a link as text', async () => {
    server!.play((_q, res) => json(res, 403, { message: `Your session expired. ${PLANTED}` }));
    const page = workbench!.page;
    await configureEndpoint(page);
    await assertNoLinks(page, await notificationWith(page, 'could not reach the endpoint'), 'connection test failed');
  });

  it('Insert at Cursor shows a 403 body carrying a link as text', async () => {
    server!.play((_q, res) => json(res, 403, { message: `Your session expired. ${PLANTED}` }));
    const page = workbench!.page;
    await runCommand(page, 'Go to File');
    await page.keyboard.type('notes.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.ts' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'answer' }).waitFor();
    await runCommand(page, 'Ask Bedrock: Insert Answer at Cursor');
    await page.locator('.quick-input-widget', { hasText: 'Describe the code to insert' }).waitFor();
    const input = page.locator('.quick-input-widget input');
    await input.fill('A function that doubles a number');
    await input.press('Enter');
    await assertNoLinks(page, await notificationWith(page, 'Sign in again'), 'insert failed');
  });
});
