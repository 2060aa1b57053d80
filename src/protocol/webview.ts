/**
 * Messages between the extension host and the chat webview: one discriminated union per
 * direction, imported by both sides (src/ui and media/), so a renamed field is a compile error.
 * No imports: this file is bundled into the browser too.
 */

/** Where a prompt's code came from, shown with the user's turn. */
export interface PromptContext {
  fileName: string;
  languageId: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export interface AnswerStats {
  /** Milliseconds from sending to the first text. */
  timeToFirstTokenMs?: number;
  /** Output tokens per second over the streaming part of the answer. */
  tokensPerSecond?: number;
  inputTokens?: number;
  outputTokens?: number;
  stopReason?: string;
  model?: string;
}

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface TurnError {
  message: string;
  retryable: boolean;
}

/** Earlier turns left out of a request so that it fits the endpoint's limits. */
export interface OmittedTurns {
  count: number;
  /** The limits they were left out for: the request body in bytes, and messages per request. */
  limitBytes: number;
  limitMessages: number;
}

/** One question and its answer, as the webview shows it and as history is persisted. */
export interface Turn {
  id: string;
  prompt: string;
  context?: PromptContext;
  /** Set when the request for this turn left out the oldest turns of the conversation. */
  omitted?: OmittedTurns;
  answer: string;
  status: TurnStatus;
  error?: TurnError;
  stats?: AnswerStats;
}

/** One change to the transcript. Several are delivered together in a `batch`. */
export type TranscriptUpdate =
  | { type: 'turnStarted'; turn: Turn }
  /** Text appended to a streaming answer (all deltas since the last batch, joined). */
  | { type: 'appended'; turnId: string; text: string }
  | { type: 'turnFinished'; turnId: string; status: Exclude<TurnStatus, 'streaming'>; stats?: AnswerStats; error?: TurnError }
  | { type: 'turnRemoved'; turnId: string };

export type HostToWebview =
  /** The whole state: sent when the view (re)loads, and after New Chat. */
  | { type: 'reset'; turns: Turn[] }
  /** Updates since the last batch, at most one batch per animation frame. */
  | { type: 'batch'; updates: TranscriptUpdate[] }
  /** Puts text into the input box and focuses it (e.g. after "Ask Bedrock" with no prompt). */
  | { type: 'focusInput'; text?: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; prompt: string }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'retry'; turnId: string }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string }
  | { type: 'openLink'; href: string };
