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

/** What can be attached to a question (the composer's Attach menu). */
export type AttachmentSource = 'selection' | 'activeFile' | 'openEditors' | 'problems' | 'workspaceFile';

/** One attachment as the webview shows it (a chip before sending, a line in the user's turn after). The content stays in the host. */
export interface AttachmentInfo {
  id: string;
  kind: 'selection' | 'file' | 'problems';
  /** Short, inert: "app.ts:12-40", "app.ts", "Problems in app.ts (3)". */
  label: string;
  /** Longer, inert: the workspace-relative path, for a tooltip. */
  detail?: string;
  /** UTF-8 bytes of what is (or was) sent. */
  bytes: number;
}

export interface AnswerStats {
  /** Milliseconds from sending to the first text. */
  timeToFirstTokenMs?: number;
  /** Output tokens per second over the streaming part of the answer. */
  tokensPerSecond?: number;
  /** Input tokens billed at the full price (Bedrock's `inputTokens`: without cache reads and writes). */
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  /** USD for this answer (all its requests, Continue included), when `/models` has prices for its model. */
  costUsd?: number;
  stopReason?: string;
  model?: string;
}

/** A way out of an error, run by the host when the user presses its button (the webview sends only the turn id). */
export interface ErrorAction {
  /** Button text, e.g. "Copy aws sso login command", "Open auth setting", "Configure Endpoint". */
  label: string;
}

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface TurnError {
  message: string;
  retryable: boolean;
  /** A fix the host can run for this error (see ErrorAction). */
  action?: ErrorAction;
}

/** Earlier turns left out of a request so that it fits the endpoint's limits. */
export interface OmittedTurns {
  count: number;
  /** The limits they were left out for: the request body in bytes, and messages per request. */
  limitBytes: number;
  limitMessages: number;
  /** The model's context window in tokens, when that was the limit that applied. */
  limitTokens?: number;
}

/** One question and its answer, as the webview shows it and as history is persisted. */
export interface Turn {
  id: string;
  prompt: string;
  /** v1 history only: the selection sent with the question (new turns use `attachments`). */
  context?: PromptContext;
  /** What was sent with the question. */
  attachments?: AttachmentInfo[];
  /** The model's reasoning, as streamed (empty or absent when it did not reason). */
  reasoning?: string;
  /** True when (part of) the reasoning came redacted: it exists but cannot be shown. */
  reasoningRedacted?: boolean;
  /** Set when the request for this turn left out the oldest turns of the conversation. */
  omitted?: OmittedTurns;
  answer: string;
  status: TurnStatus;
  error?: TurnError;
  stats?: AnswerStats;
  /** The answer stopped early (max_tokens, or cut with text kept): Continue appends to it. */
  canContinue?: boolean;
  /** The question was refused before anything was sent (over the endpoint's or the model's limit). */
  notSent?: boolean;
}

/** One model in the panel's picker (from `/models`; a v1 endpoint: the configured model only). */
export interface ModelChoice {
  id: string;
  name: string;
  reasoning: boolean;
  tools: boolean;
  /** The endpoint's default model. */
  isDefault: boolean;
}

/** The picker's state. `selectedId` '' means "the endpoint's default". */
export interface ModelPickerState {
  models: ModelChoice[];
  selectedId: string;
  /** Reasoning budget in tokens for models that reason; 0 = off. */
  reasoningBudget: number;
  /** Why the list is only the configured model (no `/models`, or it failed), shown as a hint. */
  note?: string;
}

/** The conversation shown, for the header. */
export interface ConversationHeader {
  id: string;
  title: string;
  /** USD for the whole conversation so far, when prices are known. */
  costUsd?: number;
}

/** One change to the transcript. Several are delivered together in a `batch`. */
export type TranscriptUpdate =
  | { type: 'turnStarted'; turn: Turn }
  /** Text appended to a streaming answer (all deltas since the last batch, joined). */
  | { type: 'appended'; turnId: string; text: string }
  /** Reasoning appended to a streaming answer (all reasoning deltas since the last batch, joined). */
  | { type: 'reasoning'; turnId: string; text?: string; redacted?: boolean }
  | { type: 'turnFinished'; turnId: string; status: Exclude<TurnStatus, 'streaming'>; stats?: AnswerStats; error?: TurnError; canContinue?: boolean }
  /** A finished turn streams again (Continue): later `appended` text goes on after its answer. */
  | { type: 'turnResumed'; turnId: string }
  | { type: 'turnRemoved'; turnId: string };

export type HostToWebview =
  /** The whole state: sent when the view (re)loads, after New Chat and when another conversation is opened. */
  | { type: 'reset'; turns: Turn[]; conversation?: ConversationHeader }
  /** The conversation's title or cost changed. */
  | { type: 'conversation'; conversation: ConversationHeader }
  /** The model picker's list and choice (on load, when `/models` answers, when settings change). */
  | { type: 'models'; state: ModelPickerState }
  /** The chips waiting to be sent with the next question. */
  | { type: 'attachments'; attachments: AttachmentInfo[] }
  /** Updates since the last batch, at most one batch per animation frame. */
  | { type: 'batch'; updates: TranscriptUpdate[] }
  /** Puts text into the input box and focuses it (e.g. after "Ask Bedrock" with no prompt). */
  | { type: 'focusInput'; text?: string };

export type WebviewToHost =
  | { type: 'ready' }
  /** `attachmentIds`: the chips shown when the user pressed Send (the host sends only those). */
  | { type: 'send'; prompt: string; attachmentIds?: string[] }
  | { type: 'stop' }
  | { type: 'newChat' }
  /** Opens the quick pick of past conversations (switch, rename, delete, export). */
  | { type: 'showChats' }
  | { type: 'retry'; turnId: string }
  | { type: 'continue'; turnId: string }
  /** Runs the error's action (ErrorAction) of that turn. */
  | { type: 'errorAction'; turnId: string }
  | { type: 'copy'; text: string }
  | { type: 'insert'; text: string }
  /** Proposes `text` (a code block of that turn) as a change to the turn's file, as a diff to accept or reject. */
  | { type: 'apply'; turnId: string; text: string; language?: string }
  | { type: 'openLink'; href: string }
  /** Adds chips from a source; no source: the host asks which (a quick pick). */
  | { type: 'attach'; source?: AttachmentSource }
  | { type: 'removeAttachment'; id: string }
  /** '' = the endpoint's default. */
  | { type: 'selectModel'; modelId: string }
  | { type: 'setReasoningBudget'; budgetTokens: number };
