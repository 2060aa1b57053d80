import { randomUUID } from 'node:crypto';
import type { AnswerStats, ConversationHeader, TranscriptUpdate, Turn } from '../protocol/webview';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGES, PROTOCOL_VERSION_2, type ChatMessage, type ChatRequest } from '../protocol/wire';
import { throwIfStopped, TransportError, type FailureKind } from '../transport/errors';
import type { AnswerSource } from '../transport/streamAnswer';
import { Emitter, type Disposable } from '../util/emitter';
import * as l10n from '../util/l10n';
import { AnswerClock, combineStats } from './answerClock';
import type { ApplyTarget, Attachment } from './attachment';
import type { Conversations, StoredConversation, StoredTurn } from './conversation';
import { titleFromQuestion } from './conversationStore';
import { answerCostUsd, totalCostUsd } from './cost';
import type { ErrorFix } from './errorFix';
import { contentFilterFailure, guardrailFailure, transportFailure, type TurnFailure } from './errorFixes';
import type { RequestModel } from './modelChoice';
import { applyTargetOf, buildContinueMessages, buildMessages, buildTurnContent } from './prompt';
import { buildRequest, fitReasoning, type RequestOptions } from './request';
import { BODY_MARGIN_BYTES, formatKB, trimConversation } from './trimConversation';

export interface SessionLog {
  info(message: string): void;
  error(message: string): void;
}

export interface ChatSessionDeps {
  answer: AnswerSource;
  /** Where conversations are kept; the session shows one of them at a time. */
  conversations: Conversations;
  /** Per-request options, read fresh for each question. */
  settings: () => RequestOptions;
  /** The model each request goes to (ModelChoiceStore.forRequest). Absent: the settings' model, a v1 request, `limits`. */
  model?: (signal: AbortSignal) => Promise<RequestModel>;
  log: SessionLog;
  now?: () => number;
  /** The endpoint's request limits when `model` is absent (default: the protocol's 256 KiB and 200 messages). */
  limits?: { maxBodyBytes: number; maxMessages: number };
}

/** The header's title for a chat that has none yet. */
const newChatTitle = () => l10n.t('New Chat');

/** Failures after which the text so far is worth continuing (the answer was cut, not refused). */
const CONTINUABLE: ReadonlySet<FailureKind> = new Set(['cut', 'network', 'timeout']);

/** A request ready to send, or the reason nothing may be sent. */
type Prepared = { request: ChatRequest; omitted?: Turn['omitted'] } | { refusal: string };

/**
 * The conversation in the chat panel: asks, streams answers into turns, stops, retries,
 * continues, persists, and switches between the stored conversations. It knows nothing of
 * webviews; the view subscribes to its events.
 */
export class ChatSession implements Disposable {
  private readonly updates = new Emitter<TranscriptUpdate>();
  private readonly resets = new Emitter<readonly Turn[]>();
  private readonly headerChanges = new Emitter<ConversationHeader>();
  private readonly streamingChanges = new Emitter<boolean>();
  /** The conversation shown; loaded on first use, not at activation (the extension activates at startup). */
  private shown: StoredConversation | undefined;
  private current: { turn: StoredTurn; controller: AbortController; done: Promise<void> } | undefined;
  /** Set while New Chat, open or delete switches the shown conversation: a question asked meanwhile waits for it. */
  private switching: Promise<void> | undefined;
  private readonly now = (): number => (this.deps.now ?? Date.now)();

  /** One change to the transcript (a new turn, appended text or reasoning, a finished or resumed turn). */
  readonly onDidUpdate = this.updates.event;
  /** The whole transcript was replaced (New Chat, another conversation opened or the shown one deleted). */
  readonly onDidReset = this.resets.event;
  /** The shown conversation's header changed: another conversation, its title, or its cost. */
  readonly onDidChangeHeader = this.headerChanges.event;
  /** An answer started or stopped streaming. */
  readonly onDidChangeStreaming = this.streamingChanges.event;

  constructor(private readonly deps: ChatSessionDeps) {}

  private get conversation(): StoredConversation {
    return (this.shown ??= this.deps.conversations.loadActive());
  }

  /** The transcript as the panel shows it. */
  get turns(): readonly Turn[] {
    return this.conversation.turns.map(toTurn);
  }

  get streaming(): boolean {
    return this.current !== undefined;
  }

  /** The id of the conversation shown. */
  get conversationId(): string {
    return this.conversation.id;
  }

  /** The shown conversation's title and its cost so far (when prices are known). */
  get header(): ConversationHeader {
    const header: ConversationHeader = { id: this.conversation.id, title: this.conversation.title || newChatTitle() };
    const cost = totalCostUsd(this.conversation.turns.flatMap((t) => [t.stats?.costUsd, t.spentUsd]));
    if (cost !== undefined) header.costUsd = cost;
    return header;
  }

  /** Asks a question with what is attached (sent after it) and resolves with the finished turn. */
  async ask(question: string, attachments: readonly Attachment[] = []): Promise<Turn> {
    const turn: StoredTurn = { id: randomUUID(), prompt: question, content: question, answer: '', status: 'streaming' };
    if (attachments.length > 0) {
      turn.content = buildTurnContent(question, attachments);
      turn.attachments = attachments.map((a) => ({ ...a.info }));
      const target = applyTargetOf(attachments);
      if (target) turn.target = target;
    }
    return this.start(turn, false);
  }

  /** Runs a failed or stopped turn again (with what was attached to it), replacing it. */
  async retry(turnId: string): Promise<Turn | undefined> {
    if (this.current?.turn.id === turnId) await this.stopAndWait();
    const turns = this.conversation.turns;
    const index = turns.findIndex((t) => t.id === turnId);
    if (index < 0) return undefined;
    const [old] = turns.splice(index, 1);
    this.updates.fire({ type: 'turnRemoved', turnId });
    const turn: StoredTurn = { id: randomUUID(), prompt: old.prompt, content: old.content, answer: '', status: 'streaming' };
    if (old.context) turn.context = old.context;
    if (old.attachments) turn.attachments = old.attachments;
    if (old.target) turn.target = old.target;
    const spent = totalCostUsd([old.spentUsd, old.stats?.costUsd]);
    if (spent !== undefined) turn.spentUsd = spent;
    return this.start(turn, false);
  }

  /**
   * Asks for the rest of an answer that stopped early (canContinue) and appends it to the same
   * turn: the earlier turns, the turn's question and its answer so far go along, then CONTINUE_PROMPT.
   */
  async continue(turnId: string): Promise<Turn | undefined> {
    const turn = this.conversation.turns.find((t) => t.id === turnId);
    if (!turn?.canContinue || this.current?.turn === turn) return undefined;
    return this.start(turn, true);
  }

  /** Stops the answer that is streaming, keeping its text. */
  stop(): void {
    this.current?.controller.abort();
  }

  /** Stops any answer and shows a new, empty conversation (the shown one is kept in the list). */
  newChat(): Promise<void> {
    return this.switchConversation(async () => {
      await this.stopAndWait();
      const fresh = this.conversation.turns.length === 0 ? this.conversation : this.deps.conversations.create();
      this.show(fresh);
      await this.persist(fresh);
    });
  }

  /** Shows a stored conversation (stopping any answer); false when there is none with that id. */
  async open(id: string): Promise<boolean> {
    if (id === this.conversation.id) return true;
    if (!this.deps.conversations.load(id)) return false;
    return this.switchConversation(async () => {
      await this.stopAndWait();
      // Loaded after the stop: the answer that was streaming may have been saved into it meanwhile.
      const loaded = this.deps.conversations.load(id);
      if (!loaded) return false;
      this.show(loaded);
      await this.persist(this.conversation);
      return true;
    });
  }

  /** Renames a stored conversation (the shown one's header follows). */
  async rename(id: string, title: string): Promise<void> {
    await this.deps.conversations.rename(id, title);
    if (id !== this.conversation.id) return;
    // The store decides what a title may be: take what it kept.
    this.conversation.title = this.deps.conversations.load(id)?.title ?? title;
    this.headerChanges.fire(this.header);
  }

  /** Deletes a stored conversation; deleting the shown one shows the newest other, or a new one. */
  async delete(id: string): Promise<void> {
    if (id !== this.conversation.id) {
      await this.deps.conversations.delete(id);
      return;
    }
    await this.switchConversation(async () => {
      await this.stopAndWait();
      await this.deps.conversations.delete(id);
      const next = this.deps.conversations.list().find((c) => c.id !== id);
      const loaded = next && this.deps.conversations.load(next.id);
      this.show(loaded || this.deps.conversations.create());
      await this.persist(this.conversation);
    });
  }

  /** What the action button of a turn's error does. */
  errorFixFor(turnId: string): ErrorFix | undefined {
    return this.find(turnId)?.errorFix;
  }

  /** Where Apply proposes a turn's code: the file (and selection) attached to its question; undefined: the active editor. */
  applyTargetFor(turnId: string): ApplyTarget | undefined {
    return this.find(turnId)?.target;
  }

  /** Adds a finished exchange that did not stream in the panel (e.g. the rest of an answer inserted at the cursor). */
  async recordExchange(prompt: string, answer: string, stats?: AnswerStats): Promise<void> {
    const conversation = this.conversation;
    const turn: StoredTurn = { id: randomUUID(), prompt, content: prompt, answer: '', status: 'streaming' };
    this.addTurn(conversation, turn);
    turn.answer = answer;
    turn.status = 'done';
    if (stats) turn.stats = stats;
    if (answer) this.updates.fire({ type: 'appended', turnId: turn.id, text: answer });
    this.updates.fire({ type: 'turnFinished', turnId: turn.id, status: 'done', ...(stats ? { stats } : {}) });
    if (stats?.costUsd !== undefined) this.headerChanges.fire(this.header);
    await this.persist(conversation);
  }

  dispose(): void {
    this.stop();
    this.updates.dispose();
    this.resets.dispose();
    this.headerChanges.dispose();
    this.streamingChanges.dispose();
  }

  private find(turnId: string): StoredTurn | undefined {
    return this.conversation.turns.find((t) => t.id === turnId);
  }

  private show(conversation: StoredConversation): void {
    this.shown = conversation;
    this.resets.fire(this.turns);
    this.headerChanges.fire(this.header);
  }

  private async persist(conversation: StoredConversation): Promise<void> {
    try {
      await this.deps.conversations.save(conversation);
    } catch (err) {
      this.deps.log.error(`Could not save the conversation: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Runs `work` (which changes the shown conversation) after any switch before it; start() waits for it. */
  private async switchConversation<T>(work: () => Promise<T>): Promise<T> {
    while (this.switching) await this.switching;
    const result = work();
    const switching = result.then(
      () => undefined,
      () => undefined,
    );
    this.switching = switching;
    try {
      return await result;
    } finally {
      if (this.switching === switching) this.switching = undefined;
    }
  }

  private async stopAndWait(): Promise<void> {
    while (this.current) {
      const current = this.current;
      current.controller.abort();
      await current.done;
    }
  }

  /** Runs `turn` (new, or `resumed` by Continue) as the one streaming answer; resolves when it is finished and saved. */
  private async start(turn: StoredTurn, resumed: boolean): Promise<Turn> {
    // Checked again after each wait, and claimed with no await in between: two questions at once never both stream,
    // and a question asked while the shown conversation switches goes to the one switched to.
    while (this.current || this.switching) await (this.switching ?? this.stopAndWait());
    // Continue of a turn whose conversation is no longer shown: nothing to run it in.
    if (resumed && !this.conversation.turns.includes(turn)) return toTurn(turn);
    const controller = new AbortController();
    const done = this.run(this.conversation, turn, resumed, controller.signal);
    this.current = { turn, controller, done };
    this.streamingChanges.fire(true);
    await done;
    return toTurn(turn);
  }

  private async run(conversation: StoredConversation, turn: StoredTurn, resumed: boolean, signal: AbortSignal): Promise<void> {
    // A Continue adds to the turn's stats and cost so far, even when it is refused or fails.
    const before = resumed ? turn.stats : undefined;
    try {
      const model = await this.requestModel(signal);
      const index = conversation.turns.indexOf(turn);
      const history = (resumed ? conversation.turns.slice(0, index) : conversation.turns).filter((t) => t.status !== 'streaming');
      const messages = resumed ? buildContinueMessages(history, turn) : buildMessages(history, turn.content);
      const prepared = this.prepare(turn, messages, model, resumed ? 3 : 1);
      if (resumed) {
        turn.status = 'streaming';
        delete turn.error;
        delete turn.errorFix;
        delete turn.canContinue;
        this.updates.fire({ type: 'turnResumed', turnId: turn.id });
      } else {
        if ('request' in prepared && prepared.omitted) turn.omitted = prepared.omitted;
        this.addTurn(conversation, turn);
      }
      if ('refusal' in prepared) {
        if (!resumed) turn.notSent = true;
        this.refuse(turn, prepared.refusal, resumed, before);
      } else {
        await this.stream(turn, prepared.request, model, before, signal);
      }
    } catch (err) {
      // Only a bug gets here: the turn must still end, or the panel would stream forever.
      this.deps.log.error(`turn ${turn.id}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!conversation.turns.includes(turn)) this.addTurn(conversation, turn);
      this.fail(turn, { error: { message: l10n.t('Unexpected error: {0}', err instanceof Error ? err.message : String(err)), retryable: true } }, new AnswerClock(this.now), undefined, before);
    } finally {
      if (this.current?.turn === turn) this.current = undefined;
      this.streamingChanges.fire(this.streaming);
      await this.persist(conversation);
    }
  }

  private addTurn(conversation: StoredConversation, turn: StoredTurn): void {
    conversation.turns.push(turn);
    const titled = !conversation.title;
    if (titled) conversation.title = titleFromQuestion(turn.prompt);
    conversation.updatedAt = this.now();
    if (conversation !== this.conversation) return;
    this.updates.fire({ type: 'turnStarted', turn: toTurn(turn) });
    if (titled) this.headerChanges.fire(this.header);
  }

  private async requestModel(signal: AbortSignal): Promise<RequestModel> {
    if (this.deps.model) return this.deps.model(signal);
    return { protocol: 1, limits: this.deps.limits ?? { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, maxMessages: DEFAULT_MAX_MESSAGES }, reasoningBudget: 0 };
  }

  /**
   * The request for `messages` to `model`, trimmed (oldest turns first) to the endpoint's body and
   * message limits and the model's context window less the answer's maxTokens; the last `keepLast`
   * messages (the new question with its attachments) are never dropped: if they alone do not fit, nothing is sent.
   */
  private prepare(turn: StoredTurn, messages: ChatMessage[], model: RequestModel, keepLast: number): Prepared {
    const settings = this.deps.settings();
    const options: RequestOptions = { ...settings };
    if (model.modelId) options.modelId = model.modelId;
    if (model.protocol === 2) options.protocol = PROTOCOL_VERSION_2;
    const ceiling = Math.min(model.limits.maxTokens ?? Infinity, model.info?.maxOutputTokens ?? Infinity);
    if (model.reasoningBudget > 0) {
      const fitted = fitReasoning(settings.maxTokens ?? 0, model.reasoningBudget, ceiling);
      options.maxTokens = fitted.maxTokens;
      if (fitted.budgetTokens !== undefined) options.reasoning = { budgetTokens: fitted.budgetTokens };
      if (fitted.note) this.deps.log.info(`turn ${turn.id}: ${fitted.note}`);
    } else if (settings.maxTokens !== undefined) {
      options.maxTokens = Math.max(1, Math.min(settings.maxTokens, ceiling));
    }
    const { maxBodyBytes: limitBytes, maxMessages: limitMessages } = model.limits;
    const contextTokens = model.info?.contextTokens;
    const answerReserve = options.maxTokens ?? model.limits.maxTokens ?? 0;
    const fitted = trimConversation(buildRequest(messages, options), {
      maxBytes: limitBytes - BODY_MARGIN_BYTES,
      maxMessages: limitMessages,
      ...(contextTokens !== undefined ? { maxTokens: Math.max(0, contextTokens - answerReserve) } : {}),
      keepLast,
    });
    if (!fitted.fits) return { refusal: this.refusal(turn, fitted, limitBytes, Math.max(0, (contextTokens ?? 0) - answerReserve), keepLast > 1) };
    if (fitted.omittedTurns === 0) return { request: fitted.request };
    const omitted: Turn['omitted'] = { count: fitted.omittedTurns, limitBytes, limitMessages };
    if (fitted.tokensBound && contextTokens !== undefined) omitted.limitTokens = contextTokens;
    this.deps.log.info(
      `turn ${turn.id}: ${fitted.omittedTurns} earlier turns left out to fit the endpoint's limits (${formatKB(limitBytes)}, ${limitMessages} messages${omitted.limitTokens ? `, ${omitted.limitTokens} tokens of context` : ''})`,
    );
    return { request: fitted.request, omitted };
  }

  /** Why a request that is over a limit even without earlier turns was not sent, and what to do. */
  private refusal(turn: StoredTurn, fitted: { bytes: number; tokens: number; over: 'bytes' | 'tokens' }, limitBytes: number, limitTokens: number, resumed: boolean): string {
    const withCode = (turn.attachments?.length ?? 0) > 0 || turn.context !== undefined;
    const subject = resumed ? l10n.t('This question and the answer so far') : withCode ? l10n.t('This question and its code') : l10n.t('This question');
    const plural = resumed || withCode;
    const advice = resumed ? l10n.t('Start a new chat, or ask for the rest in a shorter question.') : l10n.t('Select less code, remove an attachment or shorten the question.');
    if (fitted.over === 'bytes') {
      this.deps.log.error(`turn ${turn.id}: PayloadTooLarge: ${fitted.bytes} bytes, limit ${limitBytes} (not sent)`);
      const over = plural
        ? l10n.t('{0} make a {1} request, over the endpoint\'s {2} limit, so it was not sent.', subject, formatKB(fitted.bytes), formatKB(limitBytes))
        : l10n.t('{0} makes a {1} request, over the endpoint\'s {2} limit, so it was not sent.', subject, formatKB(fitted.bytes), formatKB(limitBytes));
      return `${over} ${advice}`;
    }
    this.deps.log.error(`turn ${turn.id}: ContextTooLarge: about ${fitted.tokens} tokens, limit ${limitTokens} (not sent)`);
    const tokens = fitted.tokens.toLocaleString('en-US');
    const limit = limitTokens.toLocaleString('en-US');
    const over = plural
      ? l10n.t('{0} come to about {1} tokens, over the {2} the model can read while leaving room for its answer, so it was not sent.', subject, tokens, limit)
      : l10n.t('{0} comes to about {1} tokens, over the {2} the model can read while leaving room for its answer, so it was not sent.', subject, tokens, limit);
    return `${over} ${advice}`;
  }

  private async stream(turn: StoredTurn, request: ChatRequest, model: RequestModel, before: AnswerStats | undefined, signal: AbortSignal): Promise<void> {
    const clock = new AnswerClock(this.now);
    let policies: string[] = [];
    try {
      for await (const event of this.deps.answer(request, signal)) {
        if (event.type === 'start') {
          clock.started(event.model);
          this.deps.log.info(`turn ${turn.id}: request ${event.id || '(no id)'} on ${event.model || 'default model'}`);
        } else if (event.type === 'delta') {
          if (!event.text) continue;
          clock.text();
          turn.answer += event.text;
          this.updates.fire({ type: 'appended', turnId: turn.id, text: event.text });
        } else if (event.type === 'reasoning') {
          this.reasoning(turn, event);
        } else if (event.type === 'guardrail') {
          policies = event.policies;
        } else if (event.type === 'end') {
          clock.ended(event.stopReason, event.usage);
        }
      }
      throwIfStopped(signal);
      const stopReason = clock.stats().stopReason;
      if (stopReason === 'guardrail_intervened') this.fail(turn, guardrailFailure(policies), clock, model, before);
      else if (stopReason === 'content_filtered') this.fail(turn, contentFilterFailure(), clock, model, before);
      else this.finish(turn, 'done', clock, model, before, stopReason === 'max_tokens');
    } catch (err) {
      const failure = err instanceof TransportError ? err : new TransportError('server', l10n.t('Unexpected error: {0}', String((err as Error)?.message ?? err)));
      if (failure.kind === 'aborted') {
        this.finish(turn, 'stopped', clock, model, before, false);
      } else {
        this.deps.log.error(`turn ${turn.id}: ${failure.code}: ${failure.message}`);
        this.fail(turn, transportFailure(failure), clock, model, before, CONTINUABLE.has(failure.kind));
      }
    }
  }

  private reasoning(turn: StoredTurn, event: { text: string } | { signature: string } | { redacted: string }): void {
    if ('text' in event) {
      if (!event.text) return;
      turn.reasoning = (turn.reasoning ?? '') + event.text;
      this.updates.fire({ type: 'reasoning', turnId: turn.id, text: event.text });
    } else if ('redacted' in event && !turn.reasoningRedacted) {
      turn.reasoningRedacted = true;
      this.updates.fire({ type: 'reasoning', turnId: turn.id, redacted: true });
    }
  }

  /**
   * Ends a turn whose request would be over a limit even without earlier turns; nothing is sent.
   * A refused Continue keeps the answer's stats so far (`before`) and stays continuable (another model may take it).
   */
  private refuse(turn: StoredTurn, message: string, resumed: boolean, before: AnswerStats | undefined): void {
    this.fail(turn, { error: { message, retryable: false } }, new AnswerClock(this.now), undefined, before, resumed);
  }

  private fail(turn: StoredTurn, failure: TurnFailure, clock: AnswerClock, model?: RequestModel, before?: AnswerStats, continuable = false): void {
    turn.error = failure.error;
    if (failure.fix) turn.errorFix = failure.fix;
    this.finish(turn, 'error', clock, model, before, continuable);
  }

  private finish(turn: StoredTurn, status: 'done' | 'stopped' | 'error', clock: AnswerClock, model?: RequestModel, before?: AnswerStats, continuable = false): void {
    turn.status = status;
    const stats = clock.stats();
    const prices = model?.info?.prices;
    if (prices && stats.inputTokens !== undefined && stats.outputTokens !== undefined) {
      stats.costUsd = answerCostUsd(
        { inputTokens: stats.inputTokens, outputTokens: stats.outputTokens, cacheReadInputTokens: stats.cacheReadInputTokens, cacheWriteInputTokens: stats.cacheWriteInputTokens },
        prices,
      );
    }
    turn.stats = combineStats(before, stats);
    if (continuable && turn.answer.trim() !== '') turn.canContinue = true;
    else delete turn.canContinue;
    const s = turn.stats;
    this.deps.log.info(
      `turn ${turn.id}: ${status}; first token ${s.timeToFirstTokenMs ?? '-'} ms, ${s.outputTokens ?? '-'} tokens out, ${s.tokensPerSecond ?? '-'} tokens/s, stop ${s.stopReason ?? '-'}${s.costUsd !== undefined ? `, $${s.costUsd.toFixed(4)}` : ''}`,
    );
    this.updates.fire({
      type: 'turnFinished',
      turnId: turn.id,
      status,
      stats: turn.stats,
      ...(turn.error ? { error: turn.error } : {}),
      ...(turn.canContinue ? { canContinue: true } : {}),
    });
    if (stats.costUsd !== undefined) this.headerChanges.fire(this.header);
  }
}

/** The turn as the panel sees it: without what only the host needs. */
function toTurn(stored: StoredTurn): Turn {
  const { content: _content, target: _target, errorFix: _errorFix, spentUsd: _spentUsd, ...turn } = stored;
  return turn;
}
