import type { ChatMessage, ChatRequest } from '../protocol/wire';
import { estimateTokens } from './tokenEstimate';

/** Bytes kept free below the endpoint's body limit, so a field added on the way cannot tip a request over it. */
export const BODY_MARGIN_BYTES = 1024;

/** What one request may hold. */
export interface ConversationLimits {
  /** The JSON body's size in UTF-8 bytes. */
  maxBytes: number;
  /** Entries in `messages`. */
  maxMessages: number;
  /** Estimated input tokens (system and messages, see requestTokens): the model's context less what its answer needs. */
  maxTokens?: number;
  /** Messages at the end that are never dropped (default 1: the new user turn; 3 for Continue). */
  keepLast?: number;
}

export type TrimmedConversation =
  /**
   * The request fits: `omittedTurns` earlier question-and-answer pairs were left out of it;
   * `tokensBound` when the token limit (not only bytes or messages) made the last of them go.
   */
  | { fits: true; request: ChatRequest; omittedTurns: number; bytes: number; tokens: number; tokensBound: boolean }
  /** Even the messages that are never dropped are `bytes` long (`tokens` estimated), over the limit `over`: nothing may be sent. */
  | { fits: false; bytes: number; tokens: number; over: 'bytes' | 'tokens' };

/**
 * Drops the oldest exchanges of a conversation (`messages` alternate user/assistant and end in
 * the new user turn) until the request's JSON body, in UTF-8 bytes, its message count and its
 * estimated tokens fit the limits. The last `keepLast` messages are never dropped. Pure: the input
 * is not changed.
 */
export function trimConversation(request: ChatRequest, limits: ConversationLimits): TrimmedConversation {
  const messages = request.messages ?? [];
  const keepLast = Math.max(1, limits.keepLast ?? 1);
  const maxTokens = limits.maxTokens ?? Infinity;
  let bytes = jsonBytes(request);
  let tokens = requestTokens(request);
  let start = 0;
  let tokensBound = false;
  const over = () => bytes > limits.maxBytes || messages.length - start > limits.maxMessages || tokens > maxTokens;
  // Each earlier exchange is two array elements and their two commas.
  while (over() && start + 2 + keepLast <= messages.length) {
    tokensBound = tokens > maxTokens;
    bytes -= jsonBytes(messages[start]) + jsonBytes(messages[start + 1]) + 2;
    tokens -= messageTokens(messages[start]) + messageTokens(messages[start + 1]);
    start += 2;
  }
  if (bytes > limits.maxBytes) return { fits: false, bytes, tokens, over: 'bytes' };
  if (tokens > maxTokens) return { fits: false, bytes, tokens, over: 'tokens' };
  const trimmed = start === 0 ? request : { ...request, messages: messages.slice(start) };
  return { fits: true, request: trimmed, omittedTurns: start / 2, bytes, tokens, tokensBound };
}

/** Estimated input tokens of a request: its system prompt and messages (tokenEstimate's rule, over each text). */
export function requestTokens(request: ChatRequest): number {
  let tokens = request.system ? estimateTokens(request.system) : 0;
  for (const message of request.messages ?? []) tokens += messageTokens(message);
  return tokens;
}

function messageTokens(message: ChatMessage): number {
  return estimateTokens(typeof message.content === 'string' ? message.content : JSON.stringify(message.content));
}

/** The UTF-8 size of `value` as JSON: what the transport sends. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A byte count for people: "256 KB" (1 KB = 1024 bytes, rounded up). */
export function formatKB(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
