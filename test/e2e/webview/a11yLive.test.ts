import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol/webview';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

const ANSWER = ['## Reading a file line by line', '', 'Use **`readline`** with a stream, so a big file never sits in memory at once:', '', '```ts', 'for await (const line of lines) count++;', '```', ''].join('\n');

const post = (h: HarnessPage, message: HostToWebview) => h.page.evaluate((m) => window.__harness.post(m), message);
const frames = (h: HarnessPage, n = 2) => h.page.evaluate((k) => window.__harness.frames(k), n);
const batch = (...updates: Extract<HostToWebview, { type: 'batch' }>['updates']): HostToWebview => ({ type: 'batch', updates });

/** What a screen reader would be told, as the page stands: live regions around the answer, the turn's busy state, and every text the status line took. */
async function liveState(h: HarnessPage, turnId: string) {
  return h.page.evaluate((id) => {
    const live = '[aria-live]:not([aria-live="off"]), [role="log"], [role="status"], [role="alert"], [role="marquee"], [role="timer"]';
    const turn = document.querySelector(`[data-turn-id="${id}"]`)!;
    const answer = turn.querySelector('.turn-answer')!;
    return {
      answerInLiveRegion: answer.closest(live) !== null,
      busy: turn.getAttribute('aria-busy'),
      announced: (window as unknown as { __announced: string[] }).__announced,
    };
  }, turnId);
}

describe('chat webview announces politely, not per chunk (Chromium)', function () {
  this.timeout(60_000);
  let h: HarnessPage;

  beforeEach(async () => {
    h = await openHarness();
    // Records every text the polite status line takes (one entry per change a screen reader would hear).
    await h.page.evaluate(() => {
      const record = window as unknown as { __announced: string[] };
      record.__announced = [];
      const status = document.querySelector('[role="status"][aria-live="polite"]')!;
      new MutationObserver(() => record.__announced.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  afterEach(async () => {
    await h.close();
    assert.deepEqual(h.pageErrors, []);
  });
  after(closeBrowser);

  it('the streaming answer is no live region and is busy; one announcement with its first words when complete', async () => {
    assert.equal(await h.page.locator('[role="log"], [aria-live="assertive"]').count(), 0, 'no log: it would read every chunk');
    assert.equal(await h.page.locator('[role="status"][aria-live="polite"]').count(), 1, 'one polite status line');
    await post(h, batch({ type: 'turnStarted', turn: { id: 't1', prompt: 'How do I read a file?', answer: '', status: 'streaming' } }));
    for (let i = 0; i < ANSWER.length; i += 12) {
      await post(h, batch({ type: 'appended', turnId: 't1', text: ANSWER.slice(i, i + 12) }));
      await frames(h, 1);
      const during = await liveState(h, 't1');
      assert.deepEqual(during, { answerInLiveRegion: false, busy: 'true', announced: [] }, `after ${i + 12} characters`);
    }
    await post(h, batch({ type: 'turnFinished', turnId: 't1', status: 'done' }));
    await frames(h);
    assert.deepEqual(await liveState(h, 't1'), {
      answerInLiveRegion: false,
      busy: null,
      announced: ['Answer complete: Reading a file line by line Use readline with a stream, so…'],
    });
    const box = await h.page.evaluate(() => document.querySelector('[role="status"]')!.getBoundingClientRect().toJSON() as DOMRect);
    assert.ok(box.width <= 1 && box.height <= 1, `the status line is for screen readers only: ${JSON.stringify(box)}`);
  });

  it('a stop is announced once; an error is an alert, not a second announcement', async () => {
    await post(h, batch({ type: 'turnStarted', turn: { id: 't1', prompt: 'Q', answer: '', status: 'streaming' } }, { type: 'appended', turnId: 't1', text: 'Partial' }));
    await frames(h);
    await post(h, batch({ type: 'turnFinished', turnId: 't1', status: 'stopped' }));
    await frames(h);
    assert.deepEqual((await liveState(h, 't1')).announced, ['Stopped.']);
    await post(h, batch({ type: 'turnStarted', turn: { id: 't2', prompt: 'Q2', answer: '', status: 'streaming' } }));
    await post(h, batch({ type: 'turnFinished', turnId: 't2', status: 'error', error: { message: 'Throttled by Bedrock', retryable: true } }));
    await frames(h);
    assert.deepEqual((await liveState(h, 't2')).announced, ['Stopped.']);
    assert.equal(await h.page.getAttribute('[data-turn-id="t2"] .error-card', 'role'), 'alert');
    assert.match((await h.page.textContent('[role="alert"]'))!, /Throttled by Bedrock/);
  });
});
