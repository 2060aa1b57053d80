import * as assert from 'node:assert/strict';
import type { HostToWebview, Turn, TranscriptUpdate } from '../../../src/protocol/webview';
import { generateAnswer } from '../../bench/webview/answer';
import { screenshot } from '../workbench';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

const post = (h: HarnessPage, message: HostToWebview) => h.page.evaluate((m) => window.__harness.post(m), message);
const batch = (h: HarnessPage, ...updates: TranscriptUpdate[]) => post(h, { type: 'batch', updates });
const frames = (h: HarnessPage, n = 2) => h.page.evaluate((k) => window.__harness.frames(k), n);
const started = (id: string, extra: Partial<Turn> = {}): TranscriptUpdate => ({
  type: 'turnStarted',
  turn: { id, prompt: 'Why does my stream stop after 30 seconds?', answer: '', status: 'streaming', ...extra },
});
const REASONING = [
  'The user says the stream stops after 30 seconds. ',
  'That is the idle timeout of an edge-optimized API Gateway endpoint, ',
  'so the answer should suggest a regional endpoint or heartbeats.',
];
const ANSWER = 'Edge-optimized endpoints close idle connections after **30 s**.\n\n```ts\nnew RestApi(this, "Api", { endpointConfiguration: { types: [EndpointType.REGIONAL] } });\n```\n';

describe('chat webview transcript v2 (Chromium)', function () {
  this.timeout(120_000);
  let h: HarnessPage;

  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    assert.deepEqual(h.pageErrors, []);
    assert.deepEqual(await h.cspViolations(), []);
    assert.deepEqual(h.foreignRequests, []);
    await h.close();
  });
  after(closeBrowser);

  it('streams reasoning live in an open "Thinking…" section that collapses when the answer starts and reopens by keyboard', async () => {
    await batch(h, started('t1'));
    for (const text of REASONING) {
      await batch(h, { type: 'reasoning', turnId: 't1', text });
      await frames(h, 1);
    }
    assert.equal(await h.page.getAttribute('details.turn-thinking', 'open'), '');
    assert.equal(await h.page.textContent('.thinking-summary'), 'Thinking…');
    assert.equal(await h.page.textContent('.thinking-text'), REASONING.join(''));
    assert.equal(await h.page.isVisible('.thinking-text'), true, 'the reasoning is on screen while it streams');
    await screenshot(h.page, 'webview-thinking');

    await batch(h, { type: 'appended', turnId: 't1', text: ANSWER });
    await frames(h);
    assert.equal(await h.page.isVisible('.thinking-text'), false, 'collapsed once the answer started');
    assert.match((await h.page.textContent('.thinking-summary'))!, /^Thought for \d+ s$/);
    await batch(h, { type: 'turnFinished', turnId: 't1', status: 'done', stats: { inputTokens: 1200, outputTokens: 340, cacheReadInputTokens: 4096, cacheWriteInputTokens: 0, costUsd: 0.0123, stopReason: 'end_turn' } });
    await frames(h);

    await h.page.focus('.thinking-summary');
    const outline = await h.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'a visible focus ring');
    await h.page.keyboard.press('Enter');
    assert.equal(await h.page.isVisible('.thinking-text'), true, 'Enter on the summary reopens it');
    assert.equal(await h.page.textContent('.turn-stats'), '1200 in / 340 out tokens · cache 4096 read / 0 write · $0.0123 · end_turn');
    await screenshot(h.page, 'webview-thinking-done');
  });

  it('shows what was sent with the question, offers Continue after max_tokens and continues the same answer', async () => {
    const attachments = [
      { id: 'a1', kind: 'file' as const, label: 'stack.ts', detail: 'infra/lib/stack.ts', bytes: 12_595 },
      { id: 'a2', kind: 'problems' as const, label: 'Problems in stack.ts (2)', bytes: 410 },
    ];
    await batch(h, started('t1', { attachments }));
    await batch(h, { type: 'appended', turnId: 't1', text: 'Here is the fix:\n\n```ts\nconst api = new RestApi(this, "Api", {\n  endpointConfiguration' });
    await batch(h, { type: 'turnFinished', turnId: 't1', status: 'done', stats: { outputTokens: 4096, stopReason: 'max_tokens' }, canContinue: true });
    await frames(h);
    assert.deepEqual(await h.page.$$eval('.turn-attachment', (items) => items.map((li) => [li.textContent, li.getAttribute('title')])), [
      ['stack.ts12.3 KB', 'infra/lib/stack.ts'],
      ['Problems in stack.ts (2)410 B', null],
    ]);
    assert.equal(await h.page.textContent('.turn-continue .turn-note'), 'The answer reached its length limit.');
    await screenshot(h.page, 'webview-continue');

    await h.page.focus('.turn-continue button');
    await h.page.keyboard.press('Enter');
    assert.deepEqual((await h.posted()).at(-1), { type: 'continue', turnId: 't1' });
    await batch(h, { type: 'turnResumed', turnId: 't1' });
    await batch(h, { type: 'appended', turnId: 't1', text: ': { types: [EndpointType.REGIONAL] },\n});\n```\n\nDeploy again.' });
    await frames(h);
    assert.equal(await h.page.isVisible('.turn-continue'), false, 'Continue is gone while it streams again');
    await batch(h, { type: 'turnFinished', turnId: 't1', status: 'done', stats: { outputTokens: 4130, stopReason: 'end_turn' } });
    await frames(h);
    assert.equal(await h.page.locator('.code-block').count(), 1, 'the continued code is one block');
    assert.match((await h.page.textContent('.code-block code'))!, /endpointConfiguration: \{ types: \[EndpointType\.REGIONAL\] \},\n\}\);/);
    assert.ok((await h.page.locator('.code-block .hljs-keyword').count()) > 0, 'highlighted once finished');
    assert.equal((await h.page.textContent('.turn-answer p:last-child'))?.trim(), 'Deploy again.');
  });

  it("an error's way out and Retry are buttons in the card; Apply posts the code block with its turn and language", async () => {
    await batch(h, started('t1'));
    await batch(h, { type: 'appended', turnId: 't1', text: ANSWER });
    await batch(h, {
      type: 'turnFinished',
      turnId: 't1',
      status: 'error',
      error: { message: 'Your AWS SSO session for profile "dev" has expired.', retryable: true, action: { label: 'Copy aws sso login command' } },
    });
    await frames(h);
    assert.deepEqual(await h.page.$$eval('.error-card button', (buttons) => buttons.map((b) => b.textContent)), ['Copy aws sso login command', 'Retry']);
    await screenshot(h.page, 'webview-error-action');
    await h.page.click('.error-card .error-action');
    await h.page.click('.error-card [data-action="retry"]');
    await h.page.click('.code-block button[aria-label="Apply to file (review as a diff)"]');
    const code = 'new RestApi(this, "Api", { endpointConfiguration: { types: [EndpointType.REGIONAL] } });';
    assert.deepEqual((await h.posted()).slice(-3), [
      { type: 'errorAction', turnId: 't1' },
      { type: 'retry', turnId: 't1' },
      { type: 'apply', turnId: 't1', text: code, language: 'ts' },
    ]);
  });

  it('reopens a 50-turn, 1 MB conversation at once at its newest answer, and renders the others as they come near', async () => {
    const turns: Turn[] = Array.from({ length: 50 }, (_, i) => ({ id: `h${i}`, prompt: `Question ${i}`, answer: generateAnswer(20 * 1024, 100 + i), status: 'done' }));
    const result = await h.page.evaluate(async (t) => {
      const started = performance.now();
      window.__harness.post({ type: 'reset', turns: t });
      const log = document.querySelector('.transcript')!;
      let last = performance.now();
      let longestFrameMs = 0;
      do {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        longestFrameMs = Math.max(longestFrameMs, performance.now() - last);
        last = performance.now();
      } while (document.querySelectorAll('.turn').length < 50 || log.hasAttribute('aria-busy'));
      return {
        shownMs: performance.now() - started,
        pending: document.querySelectorAll('.turn-answer.pending').length,
        atBottom: log.scrollHeight - log.clientHeight - log.scrollTop <= 32,
        longestFrameMs,
      };
    }, turns);
    assert.equal(result.atBottom, true, 'it opens at the bottom');
    assert.ok(result.pending > 30, `most answers wait: ${result.pending}`);
    assert.ok(result.shownMs < 3000, `the newest answer is shown quickly: ${result.shownMs} ms`);
    const newest = (await h.page.textContent('.turn:last-child .turn-answer'))!;
    assert.ok(newest.length > 15_000, 'the newest answer is whole');

    // Jump to the top: the oldest answers render as they come near, without waiting for the rest.
    await h.page.evaluate(() => document.querySelector('.transcript')!.scrollTo({ top: 0 }));
    await h.page.waitForFunction(() => !document.querySelector('.turn:first-of-type .turn-answer')!.classList.contains('pending'));
    assert.match((await h.page.textContent('.turn:first-of-type .turn-prompt'))!, /^Question 0$/);

    await h.page.waitForFunction(() => document.querySelectorAll('.turn-answer.pending').length === 0, undefined, { timeout: 60_000 });
    const texts = await h.page.$$eval('.turn-answer', (answers) => answers.map((a) => a.textContent ?? ''));
    // The one-shot render of the same answers (a fresh page, one turn started by the host each) is the reference.
    await post(h, { type: 'reset', turns: [] });
    for (let i = 0; i < 3; i++) {
      await batch(h, { type: 'turnStarted', turn: { ...turns[i]!, id: `r${i}` } });
      await frames(h, 1);
      assert.equal(await h.page.textContent(`.turn[data-turn-id="r${i}"] .turn-answer`), texts[i], `answer ${i} equals its one-shot render`);
    }
  });
});
