import { randomUUID } from 'node:crypto';
import type { TranscriptUpdate, Turn } from '../protocol/webview';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGES, type ChatRequest } from '../protocol/wire';
import { throwIfStopped, TransportError } from '../transport/errors';
import type { AnswerSource } from '../transport/streamAnswer';
import { Emitter, type Disposable } from '../util/emitter';
import { AnswerClock } from './answerClock';
import type { HistoryStore, StoredTurn } from './history';
import { buildMessages, buildUserContent, type CodeContext } from './prompt';
import { buildRequest, type RequestOptions } from './request';
import { BODY_MARGIN_BYTES, formatKB, trimConversation } from './trimConversation';

export interface SessionLog {
  info(message: string): void;
  error(message: string): void;
}

export interface ChatSessionDeps {
  answer: AnswerSource;
  history: HistoryStore;
  /** Per-request options, read fresh for each question. */
  settings: () => RequestOptions;
  log: SessionLog;
  now?: () => number;
  /** The endpoint's request limits (default: the protocol's 256 KiB and 200 messages). */
  limits?: { maxBodyBytes: number; maxMessages: number };
}

/**
 * The conversation in the chat panel: asks, streams answers into turns, stops, retries,
 * persists. It knows nothing of webviews; the view subscribes to its events.
 */
export class ChatSession implements Disposable {
  private readonly updates = new Emitter<TranscriptUpdate>();
  private readonly resets = new Emitter<readonly Turn[]>();
  private readonly streamingChanges = new Emitter<boolean>();
  private readonly stored: StoredTurn[];
  private current: { turn: StoredTurn; controller: AbortController; done: Promise<void> } | undefined;

  /** One change to the transcript (a new turn, appended text, a finished turn). */
  readonly onDidUpdate = this.updates.event;
  /** The whole transcript was replaced (New Chat). */
  readonly onDidReset = this.resets.event;
  /** An answer started or stopped streaming. */
  readonly onDidChangeStreaming = this.streamingChanges.event;

  constructor(private readonly deps: ChatSessionDeps) {
    this.stored = deps.history.load();
  }

  /** The transcript as the panel shows it. */
  get turns(): readonly Turn[] {
    return this.stored.map(toTurn);
  }

  get streaming(): boolean {
    return this.current !== undefined;
  }

  /** Asks a question (with optional selected code) and resolves with the finished turn. */
  async ask(question: string, context?: CodeContext): Promise<Turn> {
    const content = buildUserContent(question, context);
    const turn: StoredTurn = { id: randomUUID(), prompt: question, content, answer: '', status: 'streaming' };
    if (context) turn.context = { fileName: context.fileName, languageId: context.languageId, startLine: context.startLine, endLine: context.endLine };
    return this.run(turn);
  }

  /** Runs a failed or stopped turn again, replacing it. */
  async retry(turnId: string): Promise<Turn | undefined> {
    const index = this.stored.findIndex((t) => t.id === turnId);
    if (index < 0) return undefined;
    if (this.current?.turn.id === turnId) await this.stopAndWait();
    const [old] = this.stored.splice(index, 1);
    this.updates.fire({ type: 'turnRemoved', turnId });
    const turn: StoredTurn = { id: randomUUID(), prompt: old.prompt, content: old.content, answer: '', status: 'streaming' };
    if (old.context) turn.context = old.context;
    return this.run(turn);
  }

  /** Stops the answer that is streaming, keeping its text. */
  stop(): void {
    this.current?.controller.abort();
  }

  /** Stops any answer and clears the conversation. */
  async newChat(): Promise<void> {
    await this.stopAndWait();
    this.stored.length = 0;
    this.resets.fire([]);
    await this.deps.history.save(this.stored);
  }

  dispose(): void {
    this.stop();
    this.updates.dispose();
    this.resets.dispose();
    this.streamingChanges.dispose();
  }

  private async stopAndWait(): Promise<void> {
    const current = this.current;
    if (!current) return;
    current.controller.abort();
    await current.done;
  }

  private async run(turn: StoredTurn): Promise<Turn> {
    await this.stopAndWait();
    const history = this.stored.filter((t) => t.status !== 'streaming');
    const settings = this.deps.settings();
    const { maxBodyBytes: limitBytes, maxMessages: limitMessages } = this.deps.limits ?? { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, maxMessages: DEFAULT_MAX_MESSAGES };
    const fitted = trimConversation(
      buildRequest(buildMessages(history, turn.content), settings),
      { maxBytes: limitBytes - BODY_MARGIN_BYTES, maxMessages: limitMessages },
    );
    if (fitted.fits && fitted.omittedTurns > 0) {
      turn.omitted = { count: fitted.omittedTurns, limitBytes, limitMessages };
      this.deps.log.info(`turn ${turn.id}: ${fitted.omittedTurns} earlier turns left out to fit the endpoint's limits (${formatKB(limitBytes)}, ${limitMessages} messages)`);
    }
    this.stored.push(turn);
    this.updates.fire({ type: 'turnStarted', turn: toTurn(turn) });

    const controller = new AbortController();
    const done = fitted.fits ? this.stream(turn, fitted.request, controller.signal) : this.refuseTooLarge(turn, fitted.bytes, limitBytes);
    this.current = { turn, controller, done };
    this.streamingChanges.fire(true);
    try {
      await done;
    } finally {
      if (this.current?.turn === turn) this.current = undefined;
      this.streamingChanges.fire(this.streaming);
      await this.deps.history.save(this.stored);
    }
    return toTurn(turn);
  }

  private async stream(turn: StoredTurn, request: ChatRequest, signal: AbortSignal): Promise<void> {
    const now = this.deps.now ?? Date.now;
    const clock = new AnswerClock(now);
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
        } else if (event.type === 'end') {
          clock.ended(event.stopReason, event.usage);
        }
      }
      throwIfStopped(signal);
      this.finish(turn, 'done', clock);
    } catch (err) {
      const failure = err instanceof TransportError ? err : new TransportError('server', `Unexpected error: ${(err as Error)?.message ?? err}`);
      if (failure.kind === 'aborted') {
        this.finish(turn, 'stopped', clock);
      } else {
        turn.error = { message: failure.message, retryable: failure.retryable || failure.kind !== 'config' };
        this.deps.log.error(`turn ${turn.id}: ${failure.code}: ${failure.message}`);
        this.finish(turn, 'error', clock);
      }
    }
  }

  /** Ends a turn whose question and context alone exceed the body limit; nothing is sent. */
  private async refuseTooLarge(turn: StoredTurn, bytes: number, limitBytes: number): Promise<void> {
    const message =
      `This question and its code make a ${formatKB(bytes)} request, over the endpoint's ${formatKB(limitBytes)} limit, so it was not sent. ` +
      'Select less code or shorten the question.';
    turn.error = { message, retryable: false };
    this.deps.log.error(`turn ${turn.id}: PayloadTooLarge: ${bytes} bytes, limit ${limitBytes} (not sent)`);
    this.finish(turn, 'error', new AnswerClock(this.deps.now ?? Date.now));
  }

  private finish(turn: StoredTurn, status: 'done' | 'stopped' | 'error', clock: AnswerClock): void {
    turn.status = status;
    turn.stats = clock.stats();
    const s = turn.stats;
    this.deps.log.info(
      `turn ${turn.id}: ${status}; first token ${s.timeToFirstTokenMs ?? '-'} ms, ${s.outputTokens ?? '-'} tokens out, ${s.tokensPerSecond ?? '-'} tokens/s, stop ${s.stopReason ?? '-'}`,
    );
    this.updates.fire({ type: 'turnFinished', turnId: turn.id, status, stats: turn.stats, ...(turn.error ? { error: turn.error } : {}) });
  }
}

function toTurn(stored: StoredTurn): Turn {
  const { content: _content, ...turn } = stored;
  return { ...turn };
}
