import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol/webview';
import { screenshot } from '../workbench';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

const ANSWER = [
  '## Reading a file line by line',
  '',
  'Use **`readline`** with a stream, so a big file never sits in memory at once:',
  '',
  '```ts',
  "import { createReadStream } from 'node:fs';",
  "import { createInterface } from 'node:readline';",
  '',
  '/** Counts the non-empty lines of a file. */',
  'export async function countLines(file: string): Promise<number> {',
  '  let count = 0;',
  '  for await (const line of createInterface({ input: createReadStream(file) })) {',
  '    if (line.trim() !== "") count++;',
  '  }',
  '  return count;',
  '}',
  '```',
  '',
  '- `crlfDelay: Infinity` treats `\\r\\n` as one break',
  '- See the [Node.js docs](https://nodejs.org/api/readline.html) for details.',
  '',
].join('\n');

const post = (h: HarnessPage, message: HostToWebview) => h.page.evaluate((m) => window.__harness.post(m), message);
const frames = (h: HarnessPage, n = 2) => h.page.evaluate((k) => window.__harness.frames(k), n);
const started = (id: string, prompt = 'How do I read a file line by line?'): HostToWebview => ({
  type: 'batch',
  updates: [{ type: 'turnStarted', turn: { id, prompt, answer: '', status: 'streaming', context: { fileName: 'reader.ts', languageId: 'typescript', startLine: 10, endLine: 20 } } }],
});
const appended = (turnId: string, text: string): HostToWebview => ({ type: 'batch', updates: [{ type: 'appended', turnId, text }] });

describe('chat webview (Chromium)', function () {
  this.timeout(60_000);
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

  it('posts ready, shows the empty state and a labelled transcript', async () => {
    assert.deepEqual(await h.posted(), [{ type: 'ready' }]);
    assert.deepEqual(await h.page.evaluate(() => window.__harness.newGlobals()), [], 'the bundle defines no globals');
    assert.equal(await h.page.isVisible('.empty-state'), true);
    assert.equal(await h.page.getAttribute('.transcript', 'role'), 'region', 'named, but not a live region: a11y.test.ts');
    assert.equal(await h.page.getAttribute('.transcript', 'aria-live'), null);
    await screenshot(h.page, 'webview-empty');
    for (const label of ['Ask a question', 'Send', 'New chat']) assert.equal(await h.page.locator(`[aria-label="${label}"]`).count(), 1, label);
  });

  it('grows the answer through intermediate states, then highlights the closed code block', async () => {
    await post(h, started('t1'));
    const lengths: number[] = [];
    const cut = ANSWER.indexOf('```\n\n- `crlf');
    let sawStreamingCode = false;
    for (let i = 0; i < ANSWER.length; i += 40) {
      const end = Math.min(i + 40, ANSWER.length);
      await post(h, appended('t1', ANSWER.slice(i, end)));
      await frames(h, 1);
      lengths.push(await h.page.evaluate(() => document.querySelector('.turn-answer')!.textContent!.length));
      if (end > ANSWER.indexOf('```ts\n') + 20 && end < cut) {
        sawStreamingCode ||= await h.page.isVisible('.code-block.streaming');
        assert.equal(await h.page.locator('.hljs-keyword').count(), 0, 'no highlighting while the block is open');
      }
    }
    await post(h, { type: 'batch', updates: [{ type: 'turnFinished', turnId: 't1', status: 'done', stats: { timeToFirstTokenMs: 420, tokensPerSecond: 48.3, inputTokens: 120, outputTokens: 180, stopReason: 'end_turn', model: 'anthropic.claude' } }] });
    await frames(h);
    assert.ok(sawStreamingCode, 'the open code block was shown while streaming');
    assert.ok(new Set(lengths).size >= 5, `several intermediate states: ${lengths.join(',')}`);
    assert.ok(lengths.every((n, i) => i === 0 || n >= lengths[i - 1]! - 10), 'the answer grows');
    assert.ok((await h.page.locator('.hljs-keyword').count()) > 3);
    assert.equal(await h.page.textContent('.code-language'), 'ts');
    assert.match((await h.page.textContent('.turn-stats'))!, /First token 0\.42 s · 48\.3 tok\/s · 120 in \/ 180 out tokens · end_turn · anthropic\.claude/);
    assert.equal(await h.page.textContent('.turn-context'), 'reader.ts:10-20');
    assert.equal(await h.page.isVisible('.empty-state'), false);

    await screenshot(h.page, 'webview-answer', { fullPage: true });
  });

  it('Copy and Insert post the raw code text', async () => {
    await h.page.evaluate((text) => window.__harness.stream({ id: 't1', text }), ANSWER);
    await h.page.click('.code-block [data-action="copy"]');
    await h.page.click('.code-block [aria-label="Insert code at cursor"]');
    const code = ANSWER.slice(ANSWER.indexOf('```ts\n') + 6, ANSWER.indexOf('\n```\n'));
    const posted = await h.posted();
    assert.deepEqual(posted.slice(-2), [
      { type: 'copy', text: code },
      { type: 'insert', text: code },
    ]);
  });

  it('links open through the host and never navigate the webview; Tab reaches them', async () => {
    await h.page.evaluate((text) => window.__harness.stream({ id: 't1', text }), ANSWER);
    const url = h.page.url();
    const link = h.page.locator('a[data-href^="https://nodejs.org"]');
    assert.equal(await link.getAttribute('href'), null, 'no href: VS Code would open it without asking');
    await link.click();
    await frames(h);
    assert.equal(h.page.url(), url);
    assert.deepEqual((await h.posted()).at(-1), { type: 'openLink', href: 'https://nodejs.org/api/readline.html' });
    await h.page.focus('.transcript');
    for (let i = 0; i < 10 && !(await link.evaluate((el) => el === document.activeElement)); i++) await h.page.keyboard.press('Tab');
    assert.equal(await link.evaluate((el) => el === document.activeElement), true, 'the link takes keyboard focus');
  });

  it('dragging a link out carries no address (while a real <a href> would)', async () => {
    await h.page.evaluate((text) => window.__harness.stream({ id: 't1', text }), ANSWER);
    const dragOut = async (selector: string): Promise<string[]> => {
      await h.page.evaluate(() => {
        const record = window as unknown as { __dragged: string[] };
        record.__dragged = [];
        document.addEventListener('dragstart', (e) => record.__dragged.push(...(e.dataTransfer?.types ?? []).map((t) => `${t}=${e.dataTransfer?.getData(t)}`)), { capture: true });
      });
      const box = (await h.page.locator(selector).boundingBox())!;
      await h.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await h.page.mouse.down();
      await h.page.mouse.move(box.x + 60, box.y + 120, { steps: 12 });
      await h.page.mouse.up();
      return h.page.evaluate(() => (window as unknown as { __dragged: string[] }).__dragged);
    };
    const fromAnswer = await dragOut('a[data-href^="https://nodejs.org"]');
    assert.deepEqual(fromAnswer.filter((item) => /uri-list|nodejs\.org/.test(item)), [], `dragged: ${fromAnswer.join(', ')}`);
    // The oracle can fail: a navigable link dragged the same way carries its address.
    await h.page.evaluate(() => {
      const probe = document.createElement('a');
      probe.href = 'https://probe.example/';
      probe.id = 'drag-probe';
      probe.textContent = 'probe link';
      document.body.prepend(probe);
    });
    const fromProbe = await dragOut('#drag-probe');
    assert.ok(fromProbe.some((item) => item.includes('probe.example')), `a real link's drag carries its address: ${fromProbe.join(', ')}`);
    assert.equal((await h.posted()).filter((m) => m.type === 'openLink').length, 0, 'a drag opens nothing');
  });

  it('Stop button and Esc post stop while streaming; Send comes back after', async () => {
    await post(h, started('t1'));
    await post(h, appended('t1', 'Partial answer'));
    await frames(h);
    assert.equal(await h.page.isVisible('button[aria-label="Stop"]'), true);
    assert.equal(await h.page.isVisible('button[aria-label="Send"]'), false);
    await h.page.click('button[aria-label="Stop"]');
    await h.page.focus('#prompt');
    await h.page.keyboard.press('Escape');
    assert.deepEqual((await h.posted()).slice(-2), [{ type: 'stop' }, { type: 'stop' }]);
    await post(h, { type: 'batch', updates: [{ type: 'turnFinished', turnId: 't1', status: 'stopped' }] });
    await frames(h);
    assert.equal(await h.page.isVisible('button[aria-label="Stop"]'), false);
    assert.equal(await h.page.isVisible('button[aria-label="Send"]'), true);
    assert.equal((await h.page.textContent('.turn-answer'))?.trim(), 'Partial answer');
    await h.page.keyboard.press('Escape');
    assert.equal((await h.posted()).filter((m) => m.type === 'stop').length, 2, 'Esc does nothing when idle');
  });

  it('Enter sends, Shift+Enter adds a line, IME composition does not send', async () => {
    await h.page.focus('#prompt');
    await h.page.keyboard.type('first line');
    await h.page.keyboard.press('Shift+Enter');
    await h.page.keyboard.type('second line');
    assert.equal(await h.page.inputValue('#prompt'), 'first line\nsecond line');
    assert.deepEqual(await h.page.evaluate(() => window.__harness.state()), { draft: 'first line\nsecond line' });
    await h.page.evaluate(() => {
      document.querySelector('#prompt')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
    });
    assert.equal((await h.posted()).filter((m) => m.type === 'send').length, 0);
    await h.page.keyboard.press('Enter');
    assert.deepEqual((await h.posted()).at(-1), { type: 'send', prompt: 'first line\nsecond line', attachmentIds: [] });
    assert.equal(await h.page.inputValue('#prompt'), '');
    assert.deepEqual(await h.page.evaluate(() => window.__harness.state()), { draft: '' });
  });

  it('New chat posts newChat; focusInput fills and focuses the input', async () => {
    await h.page.click('button[aria-label="New chat"]');
    assert.deepEqual((await h.posted()).at(-1), { type: 'newChat' });
    await post(h, { type: 'focusInput', text: 'Explain this' });
    await frames(h);
    assert.equal(await h.page.inputValue('#prompt'), 'Explain this');
    assert.equal(await h.page.evaluate(() => document.activeElement?.id), 'prompt');
  });

  it('keeps the partial answer under an error card with Retry', async () => {
    await post(h, started('t9'));
    await post(h, appended('t9', 'Half an ans'));
    await post(h, { type: 'batch', updates: [{ type: 'turnFinished', turnId: 't9', status: 'error', error: { message: 'Throttled by Bedrock', retryable: true } }] });
    await frames(h);
    assert.equal((await h.page.textContent('.turn-answer'))?.trim(), 'Half an ans');
    assert.match((await h.page.textContent('.error-card'))!, /Throttled by Bedrock/);
    await screenshot(h.page, 'webview-error');
    await h.page.click('.error-card button[aria-label="Retry"]');
    assert.deepEqual((await h.posted()).at(-1), { type: 'retry', turnId: 't9' });
  });

  it('reset replays history and removes old turns', async () => {
    await h.page.evaluate((text) => window.__harness.stream({ id: 'old', text }), 'old answer');
    await post(h, {
      type: 'reset',
      turns: [
        { id: 'a', prompt: 'Q1', answer: '# One\n\n```js\nlet a = 1;\n```', status: 'done' },
        { id: 'b', prompt: 'Q2', answer: 'Still stre', status: 'streaming' },
      ],
    });
    await frames(h);
    assert.equal(await h.page.locator('.turn').count(), 2);
    assert.equal(await h.page.locator('.hljs-keyword').count(), 1);
    await post(h, appended('b', 'aming'));
    await post(h, { type: 'batch', updates: [{ type: 'turnFinished', turnId: 'b', status: 'done' }, { type: 'turnRemoved', turnId: 'a' }] });
    await frames(h);
    assert.equal(await h.page.locator('.turn').count(), 1);
    assert.equal((await h.page.textContent('.turn-answer'))?.trim(), 'Still streaming');
  });

  it('auto-scroll follows the stream, pauses when the user scrolls up, resumes at the bottom', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} with some words to take space.`).join('\n\n');
    await post(h, started('t1'));
    const atBottom = () => h.page.evaluate(() => {
      const log = document.querySelector('.transcript')!;
      return log.scrollHeight - log.clientHeight - log.scrollTop <= 32;
    });
    await post(h, appended('t1', long.slice(0, 2000)));
    await frames(h);
    assert.equal(await atBottom(), true);
    await h.page.evaluate(() => document.querySelector('.transcript')!.scrollTo({ top: 0 }));
    await frames(h);
    await post(h, appended('t1', long.slice(2000, 3000)));
    await frames(h);
    assert.equal(await h.page.evaluate(() => document.querySelector('.transcript')!.scrollTop), 0);
    await h.page.evaluate(() => {
      const log = document.querySelector('.transcript')!;
      log.scrollTo({ top: log.scrollHeight });
    });
    await frames(h);
    await post(h, appended('t1', long.slice(3000)));
    await frames(h);
    assert.equal(await atBottom(), true);
  });

  it('is usable by keyboard: Tab reaches the code buttons with a visible focus ring', async () => {
    await h.page.evaluate((text) => window.__harness.stream({ id: 't1', text }), ANSWER);
    await h.page.focus('.code-block [data-action="copy"]');
    const outline = await h.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none');
    await h.page.keyboard.press('Enter');
    assert.equal((await h.posted()).at(-1)?.type, 'copy');
  });
});
