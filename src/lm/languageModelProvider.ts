/**
 * The endpoint's models in VS Code's chat (vendor `ask-bedrock`): a thin adapter between
 * vscode.lm's provider API and the one transport. Catalogue → models in modelInformation.ts,
 * messages → request in toWireRequest.ts; here: stream events → response parts, cancellation →
 * AbortSignal, transport errors → the errors the API defines.
 */
import * as vscode from 'vscode';
import { estimateTokens } from '../chat/tokenEstimate';
import { isRecord, type ModelsResponse } from '../protocol/wire';
import { TransportError } from '../transport/errors';
import type { AnswerSource } from '../transport/streamAnswer';
import { modelInformation, type EndpointModel } from './modelInformation';
import { fitNoteLogger, fitTools } from './fitTools';
import { messageText, toolSpec, toWireRequest } from './toWireRequest';

export const LM_VENDOR = 'ask-bedrock';

/** How long an error waits after the last part so VS Code delivers the parts first (see provideLanguageModelChatResponse). */
const PARTS_DRAIN_MS = 100;

/** Settings that decide which models exist: a change re-lists them. */
const MODEL_SETTINGS = ['endpoint', 'auth', 'aws.profile', 'aws.region', 'modelId'].map((key) => `askBedrock.${key}`);

export interface LanguageModelProviderDeps {
  /** The one transport (EndpointClient.stream). */
  answer: AnswerSource;
  /** The endpoint's catalogue (EndpointClient.models): undefined for a v1 endpoint. */
  models: (signal: AbortSignal) => Promise<ModelsResponse | undefined>;
  settings: () => { endpoint: string; modelId: string; maxTokens: number; temperature: number };
  log: { warn(message: string): void };
}

export class LanguageModelProvider implements vscode.LanguageModelChatProvider<EndpointModel>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /**
   * VS Code asks a provider for its models only when something selects models, not when the
   * provider registers; until then the Chat view's picker has none of ours and a first `@bedrock`
   * request fails with "Language model unavailable". VS Code subscribes here right after
   * registering us, so one change then makes it list the models at once.
   */
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void> = (listener, thisArgs, disposables) => {
    const subscription = this.changed.event(listener, thisArgs, disposables);
    if (this.deps.settings().endpoint) setTimeout(() => this.changed.fire(), 0);
    return subscription;
  };
  private readonly subscriptions: vscode.Disposable[];
  /** The last list handed out, to tell VS Code when a fresh `/models` answer differs. */
  private lastListed: string | undefined;
  private lastWarning: string | undefined;
  /** The models last listed, by id: what a request needs (protocol, modelId) even if VS Code hands back a copy. */
  private byId = new Map<string, EndpointModel>();
  /** Logs what fitting the tools changed, once per change: agent mode offers the same tools every turn. */
  private readonly logFit = fitNoteLogger((note) => this.deps.log.warn(note));

  constructor(private readonly deps: LanguageModelProviderDeps) {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (MODEL_SETTINGS.some((key) => e.affectsConfiguration(key))) this.refresh();
      }),
    ];
  }

  /** Tells VS Code to ask for the models again (the endpoint, its auth or the model changed). */
  refresh(): void {
    this.lastListed = undefined;
    this.changed.fire();
  }

  async provideLanguageModelChatInformation(_options: vscode.PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): Promise<EndpointModel[]> {
    const settings = this.deps.settings();
    // No endpoint: no models, and nothing to report (VS Code asks often).
    if (!settings.endpoint) return this.listed([]);
    const abort = abortOn(token);
    try {
      const models = modelInformation(await this.deps.models(abort.signal), settings.modelId);
      this.lastWarning = undefined;
      return this.listed(models);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Once per distinct failure: VS Code asks again whenever a picker opens.
      if (message !== this.lastWarning && !token.isCancellationRequested) this.deps.log.warn(`Could not list the endpoint's models: ${message}`);
      this.lastWarning = message;
      return [];
    } finally {
      abort.dispose();
    }
  }

  async provideLanguageModelChatResponse(
    model: EndpointModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    model = this.byId.get(model.id) ?? model;
    const settings = this.deps.settings();
    const request = toWireRequest(messages, {
      protocol: model.protocol,
      modelId: model.modelId,
      maxTokens: Math.min(settings.maxTokens, model.maxOutputTokens),
      temperature: settings.temperature,
      tools: model.protocol === 2 ? this.fittedTools(options.tools ?? []) : undefined,
      toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
    });
    const abort = abortOn(token);
    let reported = false;
    try {
      for await (const event of this.deps.answer(request, abort.signal)) {
        if (event.type === 'delta') progress.report(new vscode.LanguageModelTextPart(event.text));
        else if (event.type === 'toolUse') progress.report(new vscode.LanguageModelToolCallPart(event.id, event.name, isRecord(event.input) ? event.input : {}));
        else if (event.type === 'end' && (event.stopReason === 'guardrail_intervened' || event.stopReason === 'content_filtered')) {
          throw vscode.LanguageModelError.Blocked(vscode.l10n.t('The team endpoint\'s guardrail or Bedrock\'s content filter blocked this answer.'));
        }
        reported ||= event.type === 'delta' || event.type === 'toolUse';
      }
    } catch (err) {
      const error = languageModelError(err, token);
      // VS Code's response stream drops the parts its consumer has not read yet when the error
      // arrives in the same IPC batch: give the text so far time to reach the caller first.
      if (reported && !(error instanceof vscode.CancellationError)) await new Promise((resolve) => setTimeout(resolve, PARTS_DRAIN_MS));
      throw error;
    } finally {
      abort.dispose();
    }
  }

  async provideTokenCount(_model: EndpointModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return estimateTokens(typeof text === 'string' ? text : messageText(text));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** The offered tools the endpoint accepts (see fitTools), with one log line when some were left out or cut. */
  private fittedTools(offered: readonly vscode.LanguageModelChatTool[]) {
    const fitted = fitTools(offered.map(toolSpec));
    this.logFit(fitted, offered.length);
    return fitted.tools;
  }

  private listed(models: EndpointModel[]): EndpointModel[] {
    const key = JSON.stringify(models);
    const differs = this.lastListed !== undefined && this.lastListed !== key;
    this.lastListed = key;
    this.byId = new Map(models.map((m) => [m.id, m]));
    // VS Code keeps what it was given; a list that changed without a settings change (a redeploy) needs the event.
    if (differs) queueMicrotask(() => this.changed.fire());
    return models;
  }
}

/** A transport failure as the error the vscode.lm API defines, with the transport's message (already inert). */
export function languageModelError(err: unknown, token: vscode.CancellationToken): Error {
  if (err instanceof vscode.LanguageModelError || err instanceof vscode.CancellationError) return err;
  if (!(err instanceof TransportError)) return err instanceof Error ? err : new Error(String(err));
  if (err.kind === 'aborted' && token.isCancellationRequested) return new vscode.CancellationError();
  if (err.kind === 'auth' || err.code === 'AccessDeniedException') return vscode.LanguageModelError.NoPermissions(err.message);
  if (err.kind === 'throttled' || /thrott|guardrail/i.test(err.code)) return vscode.LanguageModelError.Blocked(err.message);
  if (err.code === 'ModelNotAllowed') return vscode.LanguageModelError.NotFound(err.message);
  return new Error(err.message, { cause: err });
}

/** An AbortController that follows a cancellation token. */
function abortOn(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}

