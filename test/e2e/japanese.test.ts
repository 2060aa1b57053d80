import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WEBVIEW_STRINGS, type WebviewStringKey } from '../../src/protocol/webviewStrings';
import { REPO } from '../host/buildTests';
import { waitFor } from '../support/waitFor';
import { e2eVersion, openViewContainer, openWorkbench, packageExtension, packageFixtureExtension, runCommand, screenshot, webviewFrame, type Workbench } from './workbench';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(REPO, file), 'utf8')) as Record<string, string>;
/** Our Japanese, as shipped: host and webview messages, and the manifest's texts. */
const JA_MESSAGES = readJson('l10n/bundle.l10n.ja.json');
const JA_MANIFEST = readJson('package.nls.ja.json');
const EN_MANIFEST = readJson('package.nls.json');

/** The Japanese of a host or webview message (failing when there is none: the check in test/unit/l10n would fail too). */
function ja(english: string): string {
  const text = JA_MESSAGES[english];
  assert.ok(text && text !== english, `a Japanese text for "${english}"`);
  return text;
}
const jaWebview = (key: WebviewStringKey) => ja(WEBVIEW_STRINGS[key]);

/** Where notifications show: as toasts, or folded into the notification center. */
const NOTIFICATIONS = '.notifications-toasts, .notifications-center';

/** A command's title as the palette shows it, from the manifest's texts for one language: "<category>: <title>". */
function paletteTitle(command: string, texts: Record<string, string>): string {
  const manifest = readJson('package.json') as unknown as { contributes: { commands: Array<{ command: string; title: string; category?: string }> } };
  const entry = manifest.contributes.commands.find((c) => c.command === command);
  assert.ok(entry, command);
  const text = (value: string) => texts[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value;
  return entry.category ? `${text(entry.category)}: ${text(entry.title)}` : text(entry.title);
}

/** Waits until a notification says `text` (a toast may already be folded into the notification center: look there too). */
async function waitForNotification(workbench: Workbench, text: string): Promise<void> {
  const page = workbench.page;
  const bell = page.locator('.statusbar-item[id="status.notifications"]').first();
  const item = page.locator(NOTIFICATIONS).locator('.notification-list-item-message', { hasText: text });
  await waitFor(async () => {
    if (await item.first().isVisible()) return true;
    if (!(await page.locator('.notifications-center.visible').isVisible())) await bell.click();
    return false;
  }, `a notification says "${text}"`, 30_000, 100);
}

describe(`Japanese: with the display language ja, the panel, a command title and messages are in Japanese (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({
      vsix: packageExtension(),
      // The workbench takes a display language only with its pack installed (as VS Code does):
      // a stub pack makes `ja` resolvable without translating the workbench.
      moreExtensions: [packageFixtureExtension(path.join(REPO, 'test', 'fixtures', 'languagePackJa'))],
      locale: 'ja',
      // Nothing listens on port 9: a question ends in the connection-refused error card.
      userSettings: { 'askBedrock.endpoint': 'http://127.0.0.1:9/prod/chat', 'askBedrock.auth': 'none' },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await workbench?.close();
  });

  it('the panel opens in Japanese: empty state, composer placeholder, buttons, page language', async () => {
    const page = workbench!.page;
    await openViewContainer(page, 'Ask Bedrock');
    const frame = webviewFrame(page);
    const input = frame.locator('textarea.composer-input');
    await input.waitFor({ timeout: 60_000 });
    assert.equal(await input.getAttribute('placeholder'), jaWebview('promptPlaceholder'));
    assert.equal(await input.getAttribute('aria-label'), jaWebview('askQuestion'));
    assert.equal(await frame.locator('.empty-text').textContent(), jaWebview('emptyText'));
    assert.equal(await frame.locator('.empty-hints').textContent().then((t) => t?.includes(jaWebview('emptyHintEsc'))), true);
    assert.equal(await frame.locator('button.send').getAttribute('aria-label'), jaWebview('send'));
    assert.equal(await frame.locator('.chat-title').textContent(), jaWebview('newChat'));
    assert.equal(await frame.locator('html').getAttribute('lang'), 'ja');
    await screenshot(page, 'japanese-panel');
  });

  it('a command of ours has its Japanese title in the palette, and its outcome notification is Japanese', async () => {
    const page = workbench!.page;
    const title = paletteTitle('askBedrock.checkEndpoint', JA_MANIFEST);
    assert.notEqual(title, paletteTitle('askBedrock.checkEndpoint', EN_MANIFEST), 'the manifest has a Japanese title');
    await runCommand(page, title);
    // Nothing listens at the endpoint: the check says so, in our Japanese around the check's own name and detail.
    const failed = ja('Ask Bedrock could not reach the endpoint: {0} failed. {1}');
    const ours = failed.split(/\{\d+\}/).map((part) => part.trim()).filter(Boolean);
    await waitForNotification(workbench!, ours[0]!);
    const item = page.locator(NOTIFICATIONS).locator('.notification-list-item', { hasText: ours[0]! }).first();
    const shown = (await item.locator('.notification-list-item-message').textContent()) ?? '';
    for (const part of ours) assert.ok(shown.includes(part), `"${part}" in "${shown}"`);
    await item.hover();
    const buttons = await item.locator('.monaco-button').allTextContents();
    assert.ok(buttons.includes(ja('Copy Report')), JSON.stringify(buttons));
  });

  it('an endpoint error card shows our wording in Japanese, with Japanese buttons', async () => {
    const page = workbench!.page;
    await openViewContainer(page, 'Ask Bedrock');
    const frame = webviewFrame(page);
    const input = frame.locator('textarea.composer-input');
    await input.fill('こんにちは');
    await input.press('Enter');
    const card = frame.locator('.error-card').last();
    await card.waitFor({ timeout: 60_000 });
    const message = (await card.locator('.error-message').textContent()) ?? '';
    assert.ok(message.includes(ja('Nothing is listening at the endpoint (connection refused). Is the endpoint URL right, and is the local stack running?')), message);
    assert.equal(await card.locator('button.retry').getAttribute('aria-label'), jaWebview('retry'));
    await screenshot(page, 'japanese-error-card');
  });
});
