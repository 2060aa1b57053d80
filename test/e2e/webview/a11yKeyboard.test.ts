import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol/webview';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

const ANSWER = ['Count them with `readline`:', '', '```ts', 'let count = 0;', 'for await (const line of lines) count++;', '```', ''].join('\n');
const CODE = 'let count = 0;\nfor await (const line of lines) count++;';

const post = (h: HarnessPage, message: HostToWebview) => h.page.evaluate((m) => window.__harness.post(m), message);
const frames = (h: HarnessPage, n = 2) => h.page.evaluate((k) => window.__harness.frames(k), n);
const lastPosted = async (h: HarnessPage) => (await h.posted()).at(-1);
const batch = (...updates: Extract<HostToWebview, { type: 'batch' }>['updates']): HostToWebview => ({ type: 'batch', updates });

/** Presses `key` until the focused element matches `selector` (at most `max` presses); fails if it never does. */
async function pressUntilFocused(h: HarnessPage, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 40): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    if (await h.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return presses;
    await h.page.keyboard.press(key);
  }
  const focused = await h.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert.fail(`${key} never reached ${selector} (focus on ${focused})`);
}

/** The focused element shows a focus ring (an outline, as :focus-visible draws it). */
const focusRingShown = (h: HarnessPage) => h.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle !== 'none');

describe('chat webview by keyboard only (Chromium): ask, stop, retry, copy, insert — no mouse', function () {
  this.timeout(60_000);
  let h: HarnessPage;

  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.close();
    assert.deepEqual(h.pageErrors, []);
  });
  after(closeBrowser);

  it('asks with Enter, stops with Escape, retries and copies and inserts with Tab + Enter', async () => {
    // Ask: Tab into the input, type, Enter.
    await pressUntilFocused(h, '#prompt');
    await h.page.keyboard.type('How do I count lines?');
    await h.page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(h), { type: 'send', prompt: 'How do I count lines?', attachmentIds: [] });

    // Stop: Escape while it streams.
    await post(h, batch({ type: 'turnStarted', turn: { id: 't1', prompt: 'How do I count lines?', answer: '', status: 'streaming' } }));
    await post(h, batch({ type: 'appended', turnId: 't1', text: 'Count them' }));
    await frames(h);
    await h.page.keyboard.press('Escape');
    assert.deepEqual(await lastPosted(h), { type: 'stop' });
    await post(h, batch({ type: 'turnFinished', turnId: 't1', status: 'stopped' }));
    await frames(h);

    // Ask again; this one fails. Retry: Shift+Tab from the input back to the error card's Retry, Enter.
    await pressUntilFocused(h, '#prompt');
    await h.page.keyboard.type('Try again');
    await h.page.keyboard.press('Enter');
    await post(h, batch({ type: 'turnStarted', turn: { id: 't2', prompt: 'Try again', answer: '', status: 'streaming' } }));
    await post(h, batch({ type: 'turnFinished', turnId: 't2', status: 'error', error: { message: 'Throttled by Bedrock', retryable: true } }));
    await frames(h);
    await pressUntilFocused(h, '.error-card button.retry', 'Shift+Tab');
    assert.equal(await focusRingShown(h), true, 'Retry shows where the focus is');
    await h.page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(h), { type: 'retry', turnId: 't2' });

    // The retried answer arrives with a code block: Tab to Copy, Enter; Tab to Insert, Enter.
    await post(h, batch({ type: 'turnStarted', turn: { id: 't2', prompt: 'Try again', answer: '', status: 'streaming' } }));
    await post(h, batch({ type: 'appended', turnId: 't2', text: ANSWER }, { type: 'turnFinished', turnId: 't2', status: 'done' }));
    await frames(h);
    await pressUntilFocused(h, '[data-turn-id="t2"] .code-block button[data-action="copy"]');
    assert.equal(await focusRingShown(h), true, 'Copy shows where the focus is');
    await h.page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(h), { type: 'copy', text: CODE });
    await pressUntilFocused(h, '[data-turn-id="t2"] .code-block button[data-action="insert"]');
    await h.page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(h), { type: 'insert', text: CODE });
  });

  it('a code block that scrolls sideways takes the focus, and the arrow keys scroll it', async () => {
    const long = `const line = '${'x'.repeat(400)}';`;
    await h.page.evaluate((text) => window.__harness.stream({ id: 't1', text }), `\`\`\`ts\n${long}\n\`\`\`\n`);
    await pressUntilFocused(h, '.code-block pre');
    assert.equal(await focusRingShown(h), true);
    const scrolled = () => h.page.evaluate(() => document.querySelector('.code-block pre')!.scrollLeft);
    assert.equal(await scrolled(), 0);
    for (let i = 0; i < 5; i++) await h.page.keyboard.press('ArrowRight');
    // Keyboard scrolling may be animated.
    await h.page.waitForFunction(() => document.querySelector('.code-block pre')!.scrollLeft > 0, undefined, { timeout: 5_000 }).catch(() => undefined);
    assert.ok((await scrolled()) > 0, 'the keyboard scrolls the long line');
  });
});
