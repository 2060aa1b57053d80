import * as assert from 'node:assert/strict';
import { XSS_PAYLOADS } from '../../fixtures/xss/payloads';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

/** Where a payload would phone home: a closed loopback port, recorded as a foreign request if ever hit. */
const CANARY = 'http://127.0.0.1:9';
const payloads = XSS_PAYLOADS.map((p) => ({ id: p.id, markdown: p.markdown.replaceAll('CANARY', CANARY) }));

/** Everything in the transcript that could run, load, navigate or style: must be empty. */
async function dangerousMarkup(h: HarnessPage): Promise<string[]> {
  return h.page.evaluate(() => {
    const found: string[] = [];
    const log = document.querySelector('.transcript')!;
    for (const node of Array.from(log.querySelectorAll('*'))) {
      const tag = node.tagName.toLowerCase();
      if (['script', 'iframe', 'img', 'svg', 'math', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'video', 'audio', 'source', 'template', 'details', 'marquee', 'textarea', 'select'].includes(tag)) found.push(`<${tag}>`);
      if (tag === 'input' && (node.getAttribute('type') !== 'checkbox' || !node.hasAttribute('disabled'))) found.push('<input> that is not a disabled checkbox');
      for (const attr of Array.from(node.attributes)) {
        // `href` too: VS Code's webview host opens any clicked `<a href>` without asking the user.
        if (/^on/i.test(attr.name) || ['href', 'style', 'srcdoc', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'id', 'name'].includes(attr.name)) found.push(`${tag}[${attr.name}]`);
      }
      const target = node.getAttribute('data-href');
      if (target !== null && (tag !== 'a' || !/^(https?:\/\/|mailto:)/i.test(target))) found.push(`${tag}[data-href=${target}]`);
      // Titles are ours: a link's real target (the model's own link titles are dropped).
      const title = node.getAttribute('title');
      if (title !== null && tag === 'a' && title !== target && title !== `Image not loaded: ${target}`) found.push(`${tag}[title=${title}]`);
    }
    return found;
  });
}

/** Links the host may be asked to open (it still confirms with the user first). */
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/** Messages to the host beyond `ready` and safe `openLink`s: a payload made the webview ask for something (e.g. insert, send, a command: link). */
async function unexpectedMessages(h: HarnessPage): Promise<unknown[]> {
  return (await h.posted()).filter((m) => !(m.type === 'ready' || (m.type === 'openLink' && SAFE_LINK.test(String(m.href)))));
}

describe('chat webview XSS smoke (Chromium)', function () {
  this.timeout(120_000);
  let h: HarnessPage;

  before(async () => {
    h = await openHarness();
  });
  after(async () => {
    await h.close();
    await closeBrowser();
  });

  afterEach(async () => {
    assert.equal(await h.page.evaluate(() => window.__pwned ?? (window.parent as Window).__pwned), undefined, 'canary set');
    assert.deepEqual(h.foreignRequests, [], 'no request leaves the harness origin');
    assert.deepEqual(await h.cspViolations(), [], 'no CSP violation');
    assert.deepEqual(h.pageErrors, []);
    assert.deepEqual(await dangerousMarkup(h), []);
    assert.deepEqual(await unexpectedMessages(h), [], 'the webview posted nothing a payload could have caused');
  });

  it('renders every payload streamed in 1–6 character chunks as inert text', async () => {
    for (const [i, p] of payloads.entries()) {
      await h.page.evaluate(({ id, text }) => window.__harness.stream({ id, text, minChunk: 1, maxChunk: 6, chunksPerBatch: 3 }), { id: `s${i}`, text: p.markdown });
    }
    assert.equal(await h.page.locator('.turn').count(), payloads.length);
  });

  it('renders every payload one-shot (history replay) as inert text', async () => {
    await h.page.evaluate((turns) => window.__harness.post({ type: 'reset', turns }), payloads.map((p, i) => ({ id: `r${i}`, prompt: p.markdown, answer: p.markdown, status: 'done' as const })));
    // History answers render after the reset, a few at a time: wait for all of them.
    await h.page.waitForFunction(() => document.querySelectorAll('.turn').length > 0 && !document.querySelector('.turn-answer.pending'));
    await h.page.evaluate(() => window.__harness.frames(2));
    assert.equal(await h.page.locator('.turn').count(), payloads.length);
  });

  it('splits script, img onerror, javascript: links, svg onload and iframe srcdoc across chunk boundaries', async () => {
    const nasty = [
      'Before <scr', 'ipt>window.__pwned=1</scr', 'ipt> after\n\n',
      '<img src=x on', 'error="window.__pwned=2">\n\n',
      '[click](java', 'script:window.__pwned=3) and [ok](https://example.com)\n\n',
      '<svg on', 'load="window.__pwned=4"></svg>\n\n',
      '<iframe src', 'doc="<script>parent.__pwned=5</script>"></iframe>\n\n',
      '```html\n<script>window.__pwned=6</scr', 'ipt>\n```\n',
    ];
    await h.page.evaluate(() => window.__harness.post({ type: 'batch', updates: [{ type: 'turnStarted', turn: { id: 'split', prompt: 'x', answer: '', status: 'streaming' } }] }));
    for (const text of nasty) {
      await h.page.evaluate((t) => window.__harness.post({ type: 'batch', updates: [{ type: 'appended', turnId: 'split', text: t }] }), text);
      await h.page.evaluate(() => window.__harness.frames(1));
    }
    await h.page.evaluate(() => window.__harness.post({ type: 'batch', updates: [{ type: 'turnFinished', turnId: 'split', status: 'done' }] }));
    await h.page.evaluate(() => window.__harness.frames(2));
    const text = await h.page.textContent('.turn:last-child .turn-answer');
    assert.match(text!, /<script>window.__pwned=1<\/script>/, 'raw HTML is shown as text');
  });

  it('the CSP alone stops inline script, remote loads and network, as if the sanitizer were bypassed', async () => {
    const outcome = await h.page.evaluate(async (canary) => {
      const probe = document.createElement('div');
      probe.innerHTML = `<img src="${canary}/csp-img"><iframe src="${canary}/csp-frame"></iframe><form action="${canary}/csp-form"></form>`;
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = "inline script ran"';
      document.body.append(probe, script);
      let fetched = false;
      await fetch(`${canary}/csp-fetch`).then(() => (fetched = true), () => undefined);
      await window.__harness.frames(4);
      probe.remove();
      script.remove();
      const directives = (window.__cspViolations as Array<{ directive: string }>).map((v) => v.directive.replace(/-(elem|attr)$/, ''));
      window.__cspViolations.length = 0;
      return { fetched, pwned: window.__pwned, directives: [...new Set(directives)].sort() };
    }, CANARY);
    assert.equal(outcome.pwned, undefined, 'the inline script did not run');
    assert.equal(outcome.fetched, false);
    for (const directive of ['connect-src', 'frame-src', 'img-src', 'script-src']) assert.ok(outcome.directives.includes(directive), `${directive} blocked something: ${outcome.directives}`);
    // Chromium reports the image it refused under img-src as a (failed) request: that one is expected.
    const attempted = h.foreignRequests.splice(0);
    assert.ok(attempted.every((url) => url === `${CANARY}/csp-img`), `unexpected requests: ${attempted}`);
  });

  it('following every link in the transcript (click, Ctrl/Shift-click, middle-click, Enter) only posts openLink with http(s)/mailto and never navigates', async () => {
    const url = h.page.url();
    const popups: string[] = [];
    h.page.on('popup', (popup) => popups.push(popup.url()));
    const links = h.page.locator('.transcript [role="link"]');
    const count = await links.count();
    assert.ok(count > 0, 'the payloads rendered some safe links');
    assert.equal(await h.page.locator('.transcript a').count(), count, 'every <a> left is a link the host confirms');
    await h.page.evaluate(() => window.__harness.clearPosted());
    const ways = ['click', 'ctrl', 'shift', 'middle', 'enter'] as const;
    for (let i = 0; i < count; i++) {
      // Off-screen blocks of a streamed answer are laid out only once scrolled into view (chat.css):
      // let that settle before taking the link's position.
      const link = links.nth(i);
      await link.scrollIntoViewIfNeeded();
      await h.page.evaluate(() => window.__harness.frames(2));
      const way = ways[i % ways.length]!;
      if (way === 'click') await link.click({ force: true });
      else if (way === 'ctrl') await link.click({ force: true, modifiers: ['ControlOrMeta'] });
      else if (way === 'shift') await link.click({ force: true, modifiers: ['Shift'] });
      else if (way === 'middle') await link.click({ force: true, button: 'middle' });
      else await link.press('Enter');
    }
    await h.page.evaluate(() => window.__harness.frames(2));
    assert.equal(h.page.url(), url);
    assert.deepEqual(popups, [], 'no window opened');
    assert.equal(h.page.context().pages().length, 1, 'no page opened');
    const posted = await h.posted();
    assert.equal(posted.length, count);
    for (const m of posted) {
      assert.equal(m.type, 'openLink');
      assert.match(String(m.href), SAFE_LINK);
    }
  });
});
