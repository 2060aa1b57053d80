import type { ChatRequest } from '../protocol/wire';

/** Bytes kept free below the endpoint's body limit, so a field added on the way cannot tip a request over it. */
export const BODY_MARGIN_BYTES = 1024;

/** What one request may hold. */
export interface ConversationLimits {
  /** The JSON body's size in UTF-8 bytes. */
  maxBytes: number;
  /** Entries in `messages`. */
  maxMessages: number;
}

export type TrimmedConversation =
  /** The request fits: `omittedTurns` earlier question-and-answer pairs were left out of it. */
  | { fits: true; request: ChatRequest; omittedTurns: number; bytes: number }
  /** Even the new question alone (with its context) is `bytes` long, over the limit: nothing may be sent. */
  | { fits: false; bytes: number };

/**
 * Drops the oldest exchanges of a conversation (`messages` alternate user/assistant and end in
 * the new user turn) until the request's JSON body, in UTF-8 bytes, and its message count fit
 * the limits. The new user turn is never dropped. Pure: the input is not changed.
 */
export function trimConversation(request: ChatRequest, limits: ConversationLimits): TrimmedConversation {
  const messages = request.messages ?? [];
  let bytes = jsonBytes(request);
  let start = 0;
  const over = () => bytes > limits.maxBytes || messages.length - start > limits.maxMessages;
  // Each earlier exchange is two array elements and their two commas; the last message stays.
  while (over() && start + 2 < messages.length) {
    bytes -= jsonBytes(messages[start]) + jsonBytes(messages[start + 1]) + 2;
    start += 2;
  }
  if (bytes > limits.maxBytes) return { fits: false, bytes };
  const trimmed = start === 0 ? request : { ...request, messages: messages.slice(start) };
  return { fits: true, request: trimmed, omittedTurns: start / 2, bytes };
}

/** The UTF-8 size of `value` as JSON: what the transport sends. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A byte count for people: "256 KB" (1 KB = 1024 bytes, rounded up). */
export function formatKB(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
