import * as assert from 'node:assert/strict';
import type { AttachmentInfo, HostToWebview, ModelPickerState } from '../../../src/protocol/webview';
import { screenshot } from '../workbench';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

const post = (h: HarnessPage, message: HostToWebview) => h.page.evaluate((m) => window.__harness.post(m), message);
const frames = (h: HarnessPage, n = 2) => h.page.evaluate((k) => window.__harness.frames(k), n);
const focusedLabel = (h: HarnessPage) =>
  h.page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.getAttribute('aria-label') ?? active?.id ?? active?.tagName ?? '';
  });

const MODELS: ModelPickerState = {
  models: [
    { id: 'us.anthropic.claude-sonnet-4-5', name: 'Claude Sonnet 4.5', reasoning: true, tools: true, isDefault: true },
    { id: 'us.anthropic.claude-haiku-4-5', name: 'Claude Haiku 4.5', reasoning: false, tools: true, isDefault: false },
  ],
  selectedId: '',
  reasoningBudget: 4096,
};
const CHIPS: AttachmentInfo[] = [
  { id: 'sel', kind: 'selection', label: 'reader.ts:10-20', detail: 'src/reader.ts', bytes: 612 },
  { id: 'file', kind: 'file', label: 'reader.ts', detail: 'src/reader.ts', bytes: 12_595 },
  { id: 'prob', kind: 'problems', label: 'Problems in reader.ts (2)', bytes: 230 },
];

describe('chat webview composer and header (Chromium)', function () {
  this.timeout(60_000);
  let h: HarnessPage;

  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    // Close before asserting: a failed check must not leave the harness server holding the process open.
    const violations = await h.cspViolations();
    await h.close();
    assert.deepEqual(h.pageErrors, []);
    assert.deepEqual(violations, [], 'everything is styled by classes: the strict CSP blocks nothing');
    assert.deepEqual(h.foreignRequests, []);
  });
  after(closeBrowser);

  it('the header shows the title and cost from reset and conversation; its buttons post showChats and newChat', async () => {
    assert.equal(await h.page.textContent('.chat-title'), 'New chat');
    assert.equal(await h.page.isVisible('.chat-cost'), false);
    await post(h, { type: 'reset', turns: [{ id: 'a', prompt: 'Q1', answer: 'A1', status: 'done' }], conversation: { id: 'c1', title: 'Reading a file line by line', costUsd: 0.0123 } });
    await frames(h);
    assert.equal(await h.page.textContent('.chat-title'), 'Reading a file line by line');
    assert.equal(await h.page.textContent('.chat-cost'), '$0.0123');
    assert.equal(await h.page.textContent('.chat-cost-spoken'), 'Conversation cost $0.0123', 'what a screen reader says');
    await post(h, { type: 'conversation', conversation: { id: 'c1', title: 'Reading a file line by line', costUsd: 1.5 } });
    await frames(h);
    assert.equal(await h.page.textContent('.chat-cost'), '$1.50');
    await h.page.click('button[aria-label="Show chats"]');
    await h.page.click('button[aria-label="New chat"]');
    assert.deepEqual((await h.posted()).slice(-2), [{ type: 'showChats' }, { type: 'newChat' }]);
    await post(h, { type: 'reset', turns: [] });
    await frames(h);
    assert.equal(await h.page.textContent('.chat-title'), 'New chat', 'a reset without a conversation is a new chat');
    assert.equal(await h.page.isVisible('.chat-cost'), false);
  });

  it('the model picker lists the models, posts the choice, and offers a budget only for a model that reasons', async () => {
    assert.equal(await h.page.isVisible('select[aria-label="Model"]'), false, 'hidden until the host sends the models');
    await post(h, { type: 'models', state: MODELS });
    await frames(h);
    const model = h.page.locator('select[aria-label="Model"]');
    const budget = h.page.locator('select[aria-label="Reasoning budget"]');
    assert.deepEqual(await model.locator('option').allTextContents(), ['Claude Sonnet 4.5 (default) — reasoning · tools', 'Claude Haiku 4.5 — tools']);
    assert.equal(await model.inputValue(), 'us.anthropic.claude-sonnet-4-5');
    assert.equal(await budget.isVisible(), true);
    assert.deepEqual(await budget.locator('option').allTextContents(), ['Off', '1,024 tokens', '4,096 tokens', '16,000 tokens']);
    assert.equal(await budget.inputValue(), '4096');

    await budget.selectOption('16000');
    await model.selectOption('us.anthropic.claude-haiku-4-5');
    assert.equal(await budget.isVisible(), false, 'Haiku does not reason');
    await model.selectOption('us.anthropic.claude-sonnet-4-5');
    assert.equal(await budget.isVisible(), true);
    assert.deepEqual((await h.posted()).slice(-3), [
      { type: 'setReasoningBudget', budgetTokens: 16000 },
      { type: 'selectModel', modelId: 'us.anthropic.claude-haiku-4-5' },
      { type: 'selectModel', modelId: '' },
    ]);

    await post(h, { type: 'models', state: { models: [{ id: 'anthropic.claude-3-haiku', name: 'anthropic.claude-3-haiku', reasoning: false, tools: false, isDefault: true }], selectedId: '', reasoningBudget: 0, note: 'This endpoint has no model list (protocol v1): using askBedrock.modelId.' } });
    await frames(h);
    assert.equal(await h.page.textContent('.model-note'), 'This endpoint has no model list (protocol v1): using askBedrock.modelId.');
    assert.equal(await h.page.isVisible('.model-note'), true);
    assert.equal(await budget.isVisible(), false);
  });

  it('Attach posts attach; chips show name and size, Backspace/Delete and the remove button remove them, Send carries the rest', async () => {
    await h.page.click('button[aria-label="Attach context"]');
    assert.deepEqual((await h.posted()).at(-1), { type: 'attach' });
    assert.equal(await h.page.isVisible('.attachment-chips'), false);
    await post(h, { type: 'attachments', attachments: CHIPS });
    await post(h, { type: 'models', state: MODELS });
    await post(h, { type: 'conversation', conversation: { id: 'c1', title: 'Reading a file line by line', costUsd: 0.0123 } });
    await frames(h);
    assert.deepEqual(await h.page.locator('.chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('aria-label'))), [
      'reader.ts:10-20, 612 B',
      'reader.ts, 12.3 KB',
      'Problems in reader.ts (2), 230 B',
    ]);
    assert.equal(await h.page.getAttribute('.chip >> nth=1', 'title'), 'src/reader.ts (12.3 KB)');
    await h.page.fill('#prompt', 'Why does this skip the last line?');
    await screenshot(h.page, 'webview-composer');

    await h.page.focus('.chip[aria-label^="Problems"]');
    await h.page.keyboard.press('Delete');
    assert.equal(await focusedLabel(h), 'reader.ts, 12.3 KB', 'focus moves to the neighbouring chip');
    await h.page.click('button[aria-label="Remove reader.ts:10-20"]');
    assert.deepEqual((await h.posted()).slice(-2), [
      { type: 'removeAttachment', id: 'prob' },
      { type: 'removeAttachment', id: 'sel' },
    ]);
    // The host confirms with its list; a late echo of it must not bring removed chips back or move focus.
    await h.page.focus('.chip');
    await post(h, { type: 'attachments', attachments: [CHIPS[1]!] });
    await frames(h);
    assert.equal(await h.page.locator('.chip').count(), 1);
    assert.equal(await focusedLabel(h), 'reader.ts, 12.3 KB');
    await h.page.focus('#prompt');
    await h.page.keyboard.press('Enter');
    assert.deepEqual((await h.posted()).at(-1), { type: 'send', prompt: 'Why does this skip the last line?', attachmentIds: ['file'] });
    await h.page.focus('.chip');
    await h.page.keyboard.press('Backspace');
    assert.equal(await focusedLabel(h), 'Ask a question', 'the last chip gone: focus returns to the input');
    assert.equal(await h.page.isVisible('.attachment-chips'), false);
  });

  it('every control is reached by Tab in reading order, each with a visible focus ring', async () => {
    await post(h, { type: 'models', state: MODELS });
    await post(h, { type: 'attachments', attachments: CHIPS.slice(0, 1) });
    await post(h, { type: 'conversation', conversation: { id: 'c1', title: 'A chat', costUsd: 0.01 } });
    await frames(h);
    await h.page.fill('#prompt', 'x');
    await h.page.focus('button[aria-label="Show chats"]');
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { label, outline } = await h.page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        return { label: active.getAttribute('aria-label') ?? active.id, outline: getComputedStyle(active).outlineStyle };
      });
      // The input shows focus on the whole composer's border (chat.css), not on itself.
      if (label !== 'Ask a question') assert.notEqual(outline, 'none', `${label} shows focus`);
      order.push(label);
      if (label === 'Send') break;
      await h.page.keyboard.press('Tab');
    }
    assert.deepEqual(order, ['Show chats', 'New chat', 'Conversation', 'reader.ts:10-20, 612 B', 'Remove reader.ts:10-20', 'Ask a question', 'Attach context', 'Model', 'Reasoning budget', 'Send']);
  });

  it('fits a narrow panel: long titles, model names and chip labels ellipsize instead of overflowing', async () => {
    await h.page.setViewportSize({ width: 260, height: 600 });
    const long = 'a-very-long-name-without-any-spaces-that-would-overflow-the-panel'.repeat(2);
    await post(h, { type: 'models', state: { ...MODELS, models: [{ ...MODELS.models[0]!, name: long }] } });
    await post(h, { type: 'attachments', attachments: [{ id: 'l', kind: 'file', label: `${long}.ts`, bytes: 2048 }] });
    await post(h, { type: 'conversation', conversation: { id: 'c1', title: long, costUsd: 0.5 } });
    await frames(h);
    const overflow = await h.page.evaluate(() => {
      const out: string[] = [];
      for (const selector of ['.chat-header', '.composer', '.composer-actions', '.attachment-chips']) {
        const node = document.querySelector(selector)!;
        if (node.scrollWidth > node.clientWidth + 1) out.push(`${selector} ${node.scrollWidth} > ${node.clientWidth}`);
      }
      if (document.documentElement.scrollWidth > window.innerWidth) out.push('page scrolls sideways');
      return out;
    });
    assert.deepEqual(overflow, []);
    for (const selector of ['button[aria-label="Send"]', '.chip', 'select[aria-label="Model"]', 'select[aria-label="Reasoning budget"]', '.chat-cost']) {
      const box = (await h.page.locator(selector).boundingBox())!;
      assert.ok(box && box.width > 20 && box.x >= 0 && box.x + box.width <= 260, `${selector} on screen: ${JSON.stringify(box)}`);
    }
    assert.equal(await h.page.isVisible('button[aria-label="Send"]'), true);
    assert.equal(await h.page.isVisible('.chat-cost'), true);
    await screenshot(h.page, 'webview-composer-narrow');
  });
});
