import type { ModelChoice, ModelPickerState, WebviewToHost } from '../../../src/protocol/webview';
import { t } from '../strings';
import { el } from './dom';

/** The reasoning budgets offered, in tokens (0 = off); 1,024 is Bedrock's minimum. */
export const REASONING_BUDGETS: readonly number[] = [0, 1024, 4096, 16000];

/** An option's text: "Claude Sonnet 4.5 (default) — reasoning · tools". */
export function modelOptionText(model: ModelChoice): string {
  const badges = [model.reasoning && t('reasoningBadge'), model.tools && t('toolsBadge')].filter(Boolean).join(' · ');
  const name = model.isDefault ? t('modelDefault', model.name) : model.name;
  return badges ? `${name} — ${badges}` : name;
}

/** A budget option's text: "Off", "4,096 tokens" (beside the `thinking` codicon; the select is labelled "Reasoning budget"). */
export function budgetOptionText(budgetTokens: number): string {
  return budgetTokens > 0 ? t('budgetTokens', budgetTokens.toLocaleString('en-US')) : t('budgetOff');
}

/**
 * The model `<select>` and, for a model that reasons, the reasoning budget `<select>`. Shows
 * what the host sends (`models`); a choice is posted and shown at once, and the host's next
 * state confirms it. Choosing the model marked "(default)" means the endpoint's default ('').
 */
export class ModelPicker {
  /** The two selects (hidden until the host sends the models). */
  readonly root: HTMLElement;
  /** Why the list is only the configured model, when it is (a hint under the composer). */
  readonly note: HTMLElement;
  private readonly model: HTMLSelectElement;
  private readonly budget: HTMLSelectElement;
  /** The budget select with its icon. */
  private readonly budgetGroup: HTMLElement;
  private readonly doc: Document;
  private state: ModelPickerState | undefined;

  constructor(
    doc: Document,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    this.doc = doc;
    this.root = el(doc, 'div', 'model-picker');
    this.root.hidden = true;
    this.model = el(doc, 'select', 'model-select');
    this.model.setAttribute('aria-label', t('model'));
    this.budget = el(doc, 'select', 'budget-select');
    this.budget.setAttribute('aria-label', t('reasoningBudget'));
    // A <label>: clicking the icon opens the select.
    this.budgetGroup = el(doc, 'label', 'budget');
    this.budgetGroup.hidden = true;
    const icon = el(doc, 'span', 'codicon codicon-thinking');
    icon.setAttribute('aria-hidden', 'true');
    this.budgetGroup.append(icon, this.budget);
    this.note = el(doc, 'div', 'model-note');
    this.note.id = 'model-note';
    this.note.hidden = true;
    this.root.append(this.model, this.budgetGroup);

    this.model.addEventListener('change', () => this.modelChosen());
    this.budget.addEventListener('change', () => this.budgetChosen());
  }

  /** Shows the host's state (host `models`). */
  update(state: ModelPickerState): void {
    this.state = state;
    const options = state.models.map((model) => {
      const option = el(this.doc, 'option', '', modelOptionText(model));
      option.value = model.id;
      return option;
    });
    this.model.replaceChildren(...options);
    this.model.value = this.effectiveId(state);
    this.root.hidden = state.models.length === 0;
    this.note.textContent = state.note ?? '';
    this.note.hidden = !state.note;
    if (state.note) this.model.setAttribute('aria-describedby', this.note.id);
    else this.model.removeAttribute('aria-describedby');
    this.showBudget();
  }

  /** The id shown as chosen: the selected model if the list has it, else the default. */
  private effectiveId(state: ModelPickerState): string {
    const chosen = state.models.find((m) => m.id === state.selectedId) ?? state.models.find((m) => m.isDefault) ?? state.models[0];
    return chosen?.id ?? '';
  }

  private showBudget(): void {
    const state = this.state;
    const model = state?.models.find((m) => m.id === this.model.value);
    this.budgetGroup.hidden = !model?.reasoning;
    this.model.title = model ? t('modelTitle', modelOptionText(model)) : '';
    if (!state || this.budgetGroup.hidden) return;
    const budgets = REASONING_BUDGETS.includes(state.reasoningBudget) ? REASONING_BUDGETS : [...REASONING_BUDGETS, state.reasoningBudget].sort((a, b) => a - b);
    this.budget.replaceChildren(
      ...budgets.map((tokens) => {
        const option = el(this.doc, 'option', '', budgetOptionText(tokens));
        option.value = String(tokens);
        return option;
      }),
    );
    this.budget.value = String(state.reasoningBudget);
    this.budget.title = t('reasoningBudgetTitle', budgetOptionText(state.reasoningBudget));
  }

  private modelChosen(): void {
    const state = this.state;
    if (!state) return;
    const model = state.models.find((m) => m.id === this.model.value);
    const modelId = !model || model.isDefault ? '' : model.id;
    this.state = { ...state, selectedId: modelId };
    this.post({ type: 'selectModel', modelId });
    this.showBudget();
  }

  private budgetChosen(): void {
    const state = this.state;
    const budgetTokens = Number(this.budget.value);
    if (!state || !Number.isFinite(budgetTokens)) return;
    this.state = { ...state, reasoningBudget: budgetTokens };
    this.post({ type: 'setReasoningBudget', budgetTokens });
    this.budget.title = t('reasoningBudgetTitle', budgetOptionText(budgetTokens));
  }
}
