/**
 * Server-side validation of a request body (wire protocol v1). The Lambda imports it; the
 * extension only builds requests, so it never loads this file. No imports outside protocol/.
 */
import { DEFAULT_MAX_MESSAGES, ErrorCode, isRecord, type ChatMessage, type ChatRole } from './wire';

/** A request after validation: always a whole conversation ending in a user turn. */
export interface ValidatedRequest {
  messages: ChatMessage[];
  system?: string;
  modelId?: string;
  maxTokens?: number;
  temperature?: number;
}

export type ValidationResult =
  | { ok: true; value: ValidatedRequest }
  | { ok: false; code: string; message: string };

/** Limits a deployment puts on a request, beyond its shape. */
export interface RequestLimits {
  /** At most this many entries in `messages` (default DEFAULT_MAX_MESSAGES). */
  maxMessages?: number;
}

/**
 * Parses and validates a raw request body (a JSON string). Never throws.
 * Error messages never quote the body: JSON.parse's own message does, so only its position is kept.
 */
export function parseRequest(body: string, limits: RequestLimits = {}): ValidationResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    const position = /\bposition (\d+)/.exec((err as Error).message)?.[1];
    return invalid(`Request body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}.`);
  }
  return validateRequest(json, limits);
}

/** Validates a decoded request body and normalizes it to a conversation. Never throws; messages never quote the input. */
export function validateRequest(input: unknown, limits: RequestLimits = {}): ValidationResult {
  if (!isRecord(input)) {
    return invalid('Request body must be a JSON object.');
  }
  for (const key of ['prompt', 'message', 'system', 'modelId'] as const) {
    if (input[key] !== undefined && typeof input[key] !== 'string') {
      return invalid(`"${key}" must be a string.`);
    }
  }
  const system = input.system as string | undefined;
  const modelId = input.modelId as string | undefined;
  if (modelId !== undefined && modelId.trim() === '') {
    return invalid('"modelId" must not be empty.');
  }

  const maxTokens = input.maxTokens;
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return invalid('"maxTokens" must be a positive integer.');
  }
  const temperature = input.temperature;
  if (
    temperature !== undefined &&
    (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0 || temperature > 1)
  ) {
    return invalid('"temperature" must be a number from 0 to 1.');
  }

  let messages: ChatMessage[];
  if (input.messages !== undefined) {
    const checked = validateMessages(input.messages, limits.maxMessages ?? DEFAULT_MAX_MESSAGES);
    if (typeof checked === 'string') {
      return invalid(checked);
    }
    messages = checked;
  } else {
    const prompt = (input.prompt ?? input.message) as string | undefined;
    if (prompt === undefined || prompt.trim() === '') {
      return invalid('Send a non-empty "prompt" (or "messages" ending in a user turn).');
    }
    messages = [{ role: 'user', content: prompt }];
  }

  const value: ValidatedRequest = { messages };
  if (system !== undefined && system.trim() !== '') value.system = system;
  if (modelId !== undefined) value.modelId = modelId;
  if (maxTokens !== undefined) value.maxTokens = maxTokens as number;
  if (temperature !== undefined) value.temperature = temperature as number;
  return { ok: true, value };
}

function validateMessages(raw: unknown, maxMessages: number): ChatMessage[] | string {
  if (!Array.isArray(raw) || raw.length === 0) {
    return '"messages" must be a non-empty array.';
  }
  if (raw.length > maxMessages) {
    return `"messages" has ${raw.length} entries; this endpoint accepts at most ${maxMessages}. Start a new conversation or leave out earlier turns.`;
  }
  const messages: ChatMessage[] = [];
  for (const [i, m] of raw.entries()) {
    if (!isRecord(m)) return `messages[${i}] must be an object.`;
    if (m.role !== 'user' && m.role !== 'assistant') {
      return `messages[${i}].role must be "user" or "assistant".`;
    }
    if (typeof m.content !== 'string' || m.content.trim() === '') {
      return `messages[${i}].content must be a non-empty string.`;
    }
    const expected: ChatRole = i % 2 === 0 ? 'user' : 'assistant';
    if (m.role !== expected) {
      return `messages must alternate user and assistant, starting with user (messages[${i}] is ${m.role === 'user' ? 'a user' : 'an assistant'} turn).`;
    }
    messages.push({ role: m.role, content: m.content });
  }
  if (messages[messages.length - 1].role !== 'user') {
    return '"messages" must end with a user turn.';
  }
  return messages;
}

function invalid(message: string): ValidationResult {
  return { ok: false, code: ErrorCode.BadRequest, message };
}
