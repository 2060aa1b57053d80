/**
 * Wire protocol v1 between the extension and the Lambda (see shared/DESIGN.md).
 * The one source of truth: infra/lambda imports this file, so a renamed field is a compile
 * error on both sides. No Node or VS Code imports here — it also runs inside Lambda.
 */

export const PROTOCOL_VERSION = 1;

export const SSE_CONTENT_TYPE = 'text/event-stream';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json';

/**
 * In a text/plain answer, what comes between the text so far and the error when the answer fails after
 * it started: the original blog's Lambda writes it, and so does ours, so `curl` users and the client alike see it.
 */
export const PLAIN_TEXT_ERROR_MARKER = '\n[ERROR]\n';

/**
 * The hosts (as `URL.hostname` writes them) that always mean this machine: the only ones plain http may
 * reach, never sent through a proxy, and the only names the local servers answer to.
 */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Default request-body limit; the Lambda reads its own from the environment. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Default limit on `messages` per request; the Lambda reads its own from the environment. */
export const DEFAULT_MAX_MESSAGES = 200;

export type ChatRole = 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** What the extension POSTs. `prompt` duplicates the last user turn for endpoints that only read it. */
export interface ChatRequest {
  prompt?: string;
  /** The seed Lambda's field name; accepted as an alias of `prompt`. */
  message?: string;
  messages?: ChatMessage[];
  system?: string;
  modelId?: string;
  maxTokens?: number;
  temperature?: number;
}

/** A request after validation: always a whole conversation ending in a user turn. */
export interface ValidatedRequest {
  messages: ChatMessage[];
  system?: string;
  modelId?: string;
  maxTokens?: number;
  temperature?: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface StartEvent {
  type: 'start';
  id: string;
  model: string;
}

export interface DeltaEvent {
  type: 'delta';
  text: string;
}

export interface EndEvent {
  type: 'end';
  stopReason: string;
  usage?: Usage;
  latencyMs?: number;
}

export interface ErrorEvent {
  type: 'error';
  code: string;
  message: string;
  retryable: boolean;
}

export type StreamEvent = StartEvent | DeltaEvent | EndEvent | ErrorEvent;
export type StreamEventType = StreamEvent['type'];

/** The JSON body of an error returned before the first byte of a stream. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** Error codes the protocol itself produces (Bedrock's exception names pass through as codes too). */
export const ErrorCode = {
  BadRequest: 'BadRequest',
  PayloadTooLarge: 'PayloadTooLarge',
  ModelNotAllowed: 'ModelNotAllowed',
  Truncated: 'Truncated',
  Timeout: 'Timeout',
  Internal: 'InternalError',
} as const;

export type ValidationResult =
  | { ok: true; value: ValidatedRequest }
  | { ok: false; code: string; message: string };

/** True when an `accept` header asks for SSE (`text/event-stream`); otherwise the answer is plain text. */
export function acceptsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && /(^|[\s,])text\/event-stream(\s*($|[,;]))/i.test(accept);
}

/** Builds the `{"error":{…}}` body for errors found before the first byte. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Encodes one event as an SSE frame: `event: <type>\ndata: <json>\n\n`. */
export function encodeSseEvent(event: StreamEvent): string {
  const { type, ...data } = event;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Turns one parsed SSE message (its `event` name and `data`) into a typed event.
 * Returns undefined for event types this version does not know (they are skipped, so the
 * protocol can grow) and throws a SyntaxError for a known type with a malformed payload.
 */
export function decodeSseEvent(eventName: string | undefined, data: string): StreamEvent | undefined {
  switch (eventName) {
    case 'start': {
      const d = parseObject(data, 'start');
      return { type: 'start', id: str(d.id), model: str(d.model) };
    }
    case 'delta': {
      const d = parseObject(data, 'delta');
      if (typeof d.text !== 'string') throw new SyntaxError('delta event without a "text" string');
      return { type: 'delta', text: d.text };
    }
    case 'end': {
      const d = parseObject(data, 'end');
      const end: EndEvent = { type: 'end', stopReason: str(d.stopReason) || 'end_turn' };
      if (isRecord(d.usage) && typeof d.usage.inputTokens === 'number' && typeof d.usage.outputTokens === 'number') {
        end.usage = { inputTokens: d.usage.inputTokens, outputTokens: d.usage.outputTokens };
      }
      if (typeof d.latencyMs === 'number') end.latencyMs = d.latencyMs;
      return end;
    }
    case 'error': {
      const d = parseObject(data, 'error');
      return {
        type: 'error',
        code: str(d.code) || ErrorCode.Internal,
        message: str(d.message) || 'The endpoint reported an error.',
        retryable: d.retryable === true,
      };
    }
    default:
      return undefined;
  }
}

function parseObject(data: string, type: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new SyntaxError(`malformed JSON in a "${type}" event`);
  }
  if (!isRecord(value)) throw new SyntaxError(`"${type}" event data is not an object`);
  return value;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads the `{"error":{code,message}}` body (or API Gateway's `{"message":…}`); undefined if neither. */
export function parseErrorBody(body: string): { code?: string; message: string } | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (!isRecord(json)) return undefined;
    if (isRecord(json.error) && typeof json.error.message === 'string') {
      return { code: str(json.error.code) || undefined, message: json.error.message };
    }
    if (typeof json.message === 'string') return { message: json.message };
    if (typeof json.Message === 'string') return { message: json.Message };
  } catch {
    // not JSON: the caller falls back to the status text
  }
  return undefined;
}
