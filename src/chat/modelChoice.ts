/**
 * The model the panel asks, as the user chose it in the picker, and the reasoning budget: kept
 * per user (VS Code's globalState, shared by all windows), resolved against the endpoint's
 * catalogue (`GET /models`) for each request. No `vscode` import.
 */
import { MIN_REASONING_BUDGET } from '../protocol/validate';
import type { ModelChoice, ModelPickerState } from '../protocol/webview';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGES, type ModelInfo, type ModelsResponse } from '../protocol/wire';
import { Emitter, type Disposable } from '../util/emitter';
import type { KeyValueStore } from '../util/keyValueStore';
import * as l10n from '../util/l10n';

export const MODEL_CHOICE_KEY = 'askBedrock.modelChoice.v1';

/** The largest reasoning budget kept: more than any model's output limit. */
const MAX_REASONING_BUDGET = 200_000;

/** The picker's note for an endpoint without a model list. */
export const v1Note = () => l10n.t('This endpoint has no model list (/models): it answers with askBedrock.modelId, or its own default.');

interface StoredChoice {
  /** '' = the endpoint's default (or askBedrock.modelId). */
  modelId: string;
  reasoningBudget: number;
}

/** The model one request goes to, and what the session needs to know about it. */
export interface RequestModel {
  /** 2: the endpoint has `/models` (v2 requests); 1: it has none, or it could not be read. */
  protocol: 1 | 2;
  /** The `modelId` to send; absent: leave askBedrock.modelId (or the endpoint's default) as it is. */
  modelId?: string;
  /** The catalogue's entry for that model (context window, output limit, reasoning, prices). */
  info?: ModelInfo;
  /** The endpoint's request limits: from the catalogue, else the protocol's defaults. */
  limits: { maxBodyBytes: number; maxMessages: number; maxTokens?: number };
  /** Reasoning budget in tokens for this model: 0 unless it reasons and the user turned it on. */
  reasoningBudget: number;
}

export interface ModelChoiceDeps {
  /** Where the choice is kept (`context.globalState`). */
  storage: KeyValueStore;
  /** The endpoint's catalogue (EndpointClient.models): undefined for a v1 endpoint; throws when it cannot be read. */
  models: (signal: AbortSignal) => Promise<ModelsResponse | undefined>;
  /** askBedrock.modelId, read fresh. */
  configuredModelId: () => string;
  log: { warn(message: string): void };
}

/** The user's model and reasoning budget for the panel; fires onDidChange when either changes. */
export class ModelChoiceStore implements Disposable {
  private readonly changes = new Emitter<void>();
  private lastWarning: string | undefined;

  /** The choice or the budget changed. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly deps: ModelChoiceDeps) {}

  /** Chooses a model ('' = the endpoint's default). */
  async select(modelId: string): Promise<void> {
    await this.write({ ...this.read(), modelId: modelId.trim() });
  }

  /** Sets the reasoning budget (0 = off); other values are made whole and kept between the minimum Bedrock takes and MAX_REASONING_BUDGET. */
  async setReasoningBudget(budgetTokens: number): Promise<void> {
    await this.write({ ...this.read(), reasoningBudget: normalBudget(budgetTokens) });
  }

  /** The picker's state: the catalogue's models with the choice, or the configured model alone and a note why. */
  async state(signal: AbortSignal): Promise<ModelPickerState> {
    const choice = this.read();
    const loaded = await this.catalogue(signal);
    const reasoningBudget = choice.reasoningBudget;
    if (!loaded.catalogue) return { models: [v1Choice(this.deps.configuredModelId())], selectedId: '', reasoningBudget, note: loaded.note ?? v1Note() };
    const catalogue = loaded.catalogue;
    const models = catalogue.models.map((m): ModelChoice => ({ id: m.id, name: m.name, reasoning: m.reasoning, tools: m.tools, isDefault: m.id === catalogue.defaultModel }));
    const state: ModelPickerState = { models, selectedId: this.chosenId(choice, catalogue) ?? '', reasoningBudget };
    if (choice.modelId && !offers(catalogue, choice.modelId)) state.note = l10n.t('The endpoint no longer offers {0}, so its default model answers.', choice.modelId);
    return state;
  }

  /** The model a request goes to now: the choice if the endpoint offers it, else askBedrock.modelId if offered, else the endpoint's default. */
  async forRequest(signal: AbortSignal): Promise<RequestModel> {
    const choice = this.read();
    const { catalogue } = await this.catalogue(signal);
    if (!catalogue) return { protocol: 1, limits: { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, maxMessages: DEFAULT_MAX_MESSAGES }, reasoningBudget: 0 };
    const modelId = this.chosenId(choice, catalogue) ?? catalogue.defaultModel;
    const info = catalogue.models.find((m) => m.id === modelId);
    return {
      protocol: 2,
      modelId,
      ...(info ? { info } : {}),
      limits: { ...catalogue.limits },
      reasoningBudget: info?.reasoning ? choice.reasoningBudget : 0,
    };
  }

  dispose(): void {
    this.changes.dispose();
  }

  /** The stored choice, else askBedrock.modelId, when the catalogue offers it. */
  private chosenId(choice: StoredChoice, catalogue: ModelsResponse): string | undefined {
    if (choice.modelId && offers(catalogue, choice.modelId)) return choice.modelId;
    const configured = this.deps.configuredModelId();
    return configured && offers(catalogue, configured) ? configured : undefined;
  }

  private async catalogue(signal: AbortSignal): Promise<{ catalogue?: ModelsResponse; note?: string }> {
    try {
      const catalogue = await this.deps.models(signal);
      this.lastWarning = undefined;
      return catalogue ? { catalogue } : {};
    } catch (err) {
      // Stopped while asking: whatever is asked next is stopped too.
      if (signal.aborted) return {};
      const message = err instanceof Error ? err.message : String(err);
      // Once per distinct failure: the picker and every question ask.
      if (message !== this.lastWarning) this.deps.log.warn(`Could not read the endpoint's models, so the configured model answers: ${message}`);
      this.lastWarning = message;
      return { note: l10n.t('Could not read the endpoint\'s models: {0}', message) };
    }
  }

  // Read on each use: another window may have changed it.
  private read(): StoredChoice {
    const stored = this.deps.storage.get<Partial<StoredChoice>>(MODEL_CHOICE_KEY);
    return {
      modelId: typeof stored?.modelId === 'string' ? stored.modelId : '',
      reasoningBudget: typeof stored?.reasoningBudget === 'number' ? normalBudget(stored.reasoningBudget) : 0,
    };
  }

  private async write(choice: StoredChoice): Promise<void> {
    await this.deps.storage.update(MODEL_CHOICE_KEY, choice);
    this.changes.fire();
  }
}

function offers(catalogue: ModelsResponse, id: string): boolean {
  return catalogue.models.some((m) => m.id === id);
}

/** The one entry of a v1 endpoint's picker: id '' (the default), named by askBedrock.modelId if set. */
function v1Choice(configuredModelId: string): ModelChoice {
  return { id: '', name: configuredModelId || l10n.t('Endpoint default'), reasoning: false, tools: false, isDefault: true };
}

function normalBudget(budgetTokens: number): number {
  if (!Number.isFinite(budgetTokens) || budgetTokens <= 0) return 0;
  return Math.min(MAX_REASONING_BUDGET, Math.max(MIN_REASONING_BUDGET, Math.round(budgetTokens)));
}
