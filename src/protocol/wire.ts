/**
 * Wire protocol v1 between the extension and the Lambda (see shared/DESIGN.md): types, shared
 * constants, SSE encoding and decoding. Request validation (server side) is in ./validate.
 * The one source of truth: infra/lambda imports this file, so a renamed field is a compile
 * error on both sides. No Node or VS Code imports here — it also runs inside Lambda.
 */

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

/** Default ceiling on a request's `maxTokens`; a deployment sets its own (MAX_TOKENS_LIMIT). */
export const DEFAULT_MAX_TOKENS_LIMIT = 4096;

/** The model a deployment answers with when a request names none (and allows by default). */
export const DEFAULT_MODEL_ID = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

/** How requests to the endpoint are authenticated: the extension's `askBedrock.auth` and the stack's `auth` context. */
export const AUTH_MODES = ['iam', 'apiKey', 'none'] as const;

export type AuthMode = (typeof AUTH_MODES)[number];

/** True for one of AUTH_MODES (case-sensitive). */
export function isAuthMode(value: unknown): value is AuthMode {
  return typeof value === 'string' && (AUTH_MODES as readonly string[]).includes(value);
}

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

/** True when an `accept` header asks for SSE (`text/event-stream`); otherwise the answer is plain text. */
export function acceptsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && /(^|[\s,])text\/event-stream(\s*($|[,;]))/i.test(accept);
}

/** Builds the `{"error":{…}}` body for errors found before the first byte. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
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

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
