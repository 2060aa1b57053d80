import * as assert from 'node:assert/strict';
import type { ModelPickerState, WebviewToHost } from '../../../../../src/protocol/webview';
import { budgetOptionText, ModelPicker, modelOptionText } from '../../../../../media/chat/view/modelPicker';
import { createWindow } from '../../../../support/jsdomRenderer';

const STATE: ModelPickerState = {
  models: [
    { id: 'sonnet', name: 'Claude Sonnet 4.5', reasoning: true, tools: true, isDefault: true },
    { id: 'haiku', name: 'Claude Haiku 4.5', reasoning: false, tools: true, isDefault: false },
    { id: 'titan', name: 'Titan Text', reasoning: false, tools: false, isDefault: false },
  ],
  selectedId: '',
  reasoningBudget: 0,
};

/** Whether the budget select's group (icon + select) is on screen. */
const shown = (budget: HTMLSelectElement) => !budget.closest<HTMLElement>('.budget')!.hidden;

function setup() {
  const win = createWindow();
  const posted: WebviewToHost[] = [];
  const picker = new ModelPicker(win.document, (m) => posted.push(m));
  win.document.body.append(picker.root, picker.note);
  const model = picker.root.querySelector<HTMLSelectElement>('select[aria-label="Model"]')!;
  const budget = picker.root.querySelector<HTMLSelectElement>('select[aria-label="Reasoning budget"]')!;
  const choose = (select: HTMLSelectElement, value: string) => {
    select.value = value;
    select.dispatchEvent(new win.Event('change', { bubbles: true }));
  };
  return { win, posted, picker, model, budget, choose };
}

describe('media/view/ModelPicker', () => {
  it('option texts carry the badges and mark the default', () => {
    assert.equal(modelOptionText(STATE.models[0]!), 'Claude Sonnet 4.5 (default) — reasoning · tools');
    assert.equal(modelOptionText(STATE.models[1]!), 'Claude Haiku 4.5 — tools');
    assert.equal(modelOptionText(STATE.models[2]!), 'Titan Text');
    assert.equal(budgetOptionText(0), 'Off');
    assert.equal(budgetOptionText(16000), '16,000 tokens');
  });

  it('is hidden until the host sends the models; then lists them with the default chosen for ""', () => {
    const { picker, model, budget } = setup();
    assert.equal(picker.root.hidden, true);
    picker.update(STATE);
    assert.equal(picker.root.hidden, false);
    assert.deepEqual(Array.from(model.options).map((o) => [o.value, o.textContent]), [
      ['sonnet', 'Claude Sonnet 4.5 (default) — reasoning · tools'],
      ['haiku', 'Claude Haiku 4.5 — tools'],
      ['titan', 'Titan Text'],
    ]);
    assert.equal(model.value, 'sonnet');
    assert.equal(shown(budget), true, 'the default reasons: the budget is offered');
    assert.deepEqual(Array.from(budget.options).map((o) => o.value), ['0', '1024', '4096', '16000']);
    assert.equal(budget.value, '0');
    assert.equal(picker.note.hidden, true);
  });

  it('shows the budget only for a model that reasons, and a choice not in the list as the default', () => {
    const { picker, model, budget } = setup();
    picker.update({ ...STATE, selectedId: 'haiku' });
    assert.equal(model.value, 'haiku');
    assert.equal(shown(budget), false);
    picker.update({ ...STATE, selectedId: 'gone-model' });
    assert.equal(model.value, 'sonnet');
    assert.equal(shown(budget), true);
  });

  it('posts selectModel (the default as "") and shows or hides the budget at once', () => {
    const { picker, model, budget, choose, posted } = setup();
    picker.update(STATE);
    choose(model, 'titan');
    assert.equal(shown(budget), false);
    choose(model, 'sonnet');
    assert.equal(shown(budget), true);
    assert.deepEqual(posted, [
      { type: 'selectModel', modelId: 'titan' },
      { type: 'selectModel', modelId: '' },
    ]);
  });

  it('posts setReasoningBudget as a number and keeps a budget outside the list selectable', () => {
    const { picker, budget, choose, posted } = setup();
    picker.update({ ...STATE, reasoningBudget: 8000 });
    assert.deepEqual(Array.from(budget.options).map((o) => o.value), ['0', '1024', '4096', '8000', '16000']);
    assert.equal(budget.value, '8000');
    choose(budget, '4096');
    assert.deepEqual(posted, [{ type: 'setReasoningBudget', budgetTokens: 4096 }]);
  });

  it('shows the fallback note and ties it to the select for screen readers', () => {
    const { picker, model } = setup();
    picker.update({ models: [{ id: 'anthropic.claude-3-haiku', name: 'anthropic.claude-3-haiku', reasoning: false, tools: false, isDefault: true }], selectedId: '', reasoningBudget: 0, note: 'The endpoint has no /models: using askBedrock.modelId.' });
    assert.equal(picker.note.hidden, false);
    assert.equal(picker.note.textContent, 'The endpoint has no /models: using askBedrock.modelId.');
    assert.equal(model.getAttribute('aria-describedby'), picker.note.id);
    assert.equal(model.disabled, false, 'one model: still reachable and readable');
    picker.update(STATE);
    assert.equal(picker.note.hidden, true);
    assert.equal(model.hasAttribute('aria-describedby'), false);
  });
});
