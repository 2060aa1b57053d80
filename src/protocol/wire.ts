/**
 * Wire protocol v1 and v2 between the extension and the Lambda (see shared/DESIGN.md): types, shared
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

/** The protocol version a v2 request and a v2 `start` event carry; v1 has none. */
export const PROTOCOL_VERSION_2 = 2;

/** Milliseconds of upstream silence after which an endpoint sends a heartbeat (`: ping`) on an open SSE answer. */
export const DEFAULT_HEARTBEAT_MS = 10_000;

/** The SSE comment a heartbeat is: clients skip it as an event but count its bytes as life. */
export const HEARTBEAT_COMMENT = ': ping\n\n';

/** Tool names and tool-use ids, as Bedrock accepts them. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Bedrock's stop reasons, passed through in `end.stopReason` (an endpoint may add `end_of_body` for plain text). */
export const STOP_REASONS = [
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'guardrail_intervened',
  'content_filtered',
  'model_context_window_exceeded',
  'malformed_model_output',
  'malformed_tool_use',
] as const;

export type ChatRole = 'user' | 'assistant';

/** One part of a tool's result. */
export type ToolResultContent = { type: 'text'; text: string } | { type: 'json'; json: unknown };

/** A content block of a v2 message (DESIGN.md "Wire protocol v2"). */
export type ContentBlock =
  | { type: 'text'; text: string }
  /** The model's reasoning, sent back as it came (with its signature) on tool-use turns. Assistant only. */
  | { type: 'reasoning'; text: string; signature?: string }
  | { type: 'reasoning'; redacted: string }
  /** A tool call the model made. Assistant only. */
  | { type: 'toolUse'; id: string; name: string; input: unknown }
  /** The result of running a tool call. User only. */
  | { type: 'toolResult'; id: string; content: ToolResultContent[]; status?: 'success' | 'error' };

export interface ChatMessage {
  role: ChatRole;
  /** v1: a string. v2: a string or content blocks. */
  content: string | ContentBlock[];
}

/** A tool the model may call (v2). `inputSchema` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** How the model must use the tools (v2): as it likes, at least one, or exactly the named one. */
export type ToolChoice = 'auto' | 'any' | { name: string };

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
  /** 2 for a v2 request (content blocks, tools, reasoning, cache); absent for v1. */
  protocol?: number;
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  /** Ask the model to reason first, with at most this many tokens (models whose catalogue entry says `reasoning`). */
  reasoning?: { budgetTokens: number };
  /** false opts out of prompt caching; default on where the model supports it. */
  cache?: boolean;
}

/** Token counts of one answer. Total input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface StartEvent {
  type: 'start';
  id: string;
  model: string;
  /** 2 from a v2 endpoint. */
  protocol?: number;
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

/** Reasoning (v2): text deltas, then the block's signature; or a redacted block (base64). Exactly one field. */
export type ReasoningEvent = { type: 'reasoning' } & ({ text: string } | { signature: string } | { redacted: string });

/** A complete tool call (v2), sent when its block closes. */
export interface ToolUseEvent {
  type: 'toolUse';
  id: string;
  name: string;
  input: unknown;
}

/** A guardrail intervened (v2); the answer then ends with stopReason `guardrail_intervened`. */
export interface GuardrailEvent {
  type: 'guardrail';
  action: string;
  policies: string[];
}

export type StreamEvent = StartEvent | DeltaEvent | ReasoningEvent | ToolUseEvent | GuardrailEvent | EndEvent | ErrorEvent;

/** Per-million-token prices in USD, where the deployer configured them. */
export interface ModelPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
}

/** One model a deployment allows, as `GET <base>/models` describes it. */
export interface ModelInfo {
  /** Model or inference-profile id, as sent in `modelId`. */
  id: string;
  name: string;
  contextTokens: number;
  maxOutputTokens: number;
  reasoning: boolean;
  tools: boolean;
  caching: boolean;
  prices?: ModelPrices;
}

/** The body of `GET <base>/models` (same auth as the chat route). */
export interface ModelsResponse {
  protocol: number;
  defaultModel: string;
  models: ModelInfo[];
  limits: { maxBodyBytes: number; maxMessages: number; maxTokens: number };
  guardrail?: { id: string; version: string };
}

/** The `/models` URL beside a chat endpoint: `https://…/prod/chat` → `https://…/prod/models`. */
export function modelsUrl(chatEndpoint: string): string {
  const url = new URL(chatEndpoint);
  url.pathname = url.pathname.replace(/\/?[^/]*\/?$/, '/models');
  url.search = '';
  return url.toString();
}

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
      const start: StartEvent = { type: 'start', id: str(d.id), model: str(d.model) };
      if (typeof d.protocol === 'number') start.protocol = d.protocol;
      return start;
    }
    case 'reasoning': {
      const d = parseObject(data, 'reasoning');
      if (typeof d.text === 'string') return { type: 'reasoning', text: d.text };
      if (typeof d.signature === 'string') return { type: 'reasoning', signature: d.signature };
      if (typeof d.redacted === 'string') return { type: 'reasoning', redacted: d.redacted };
      throw new SyntaxError('reasoning event without "text", "signature" or "redacted"');
    }
    case 'toolUse': {
      const d = parseObject(data, 'toolUse');
      if (typeof d.id !== 'string' || typeof d.name !== 'string' || !('input' in d)) throw new SyntaxError('toolUse event without "id", "name" and "input"');
      return { type: 'toolUse', id: d.id, name: d.name, input: d.input };
    }
    case 'guardrail': {
      const d = parseObject(data, 'guardrail');
      return { type: 'guardrail', action: str(d.action) || 'INTERVENED', policies: Array.isArray(d.policies) ? d.policies.filter((p): p is string => typeof p === 'string') : [] };
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
        if (typeof d.usage.cacheReadInputTokens === 'number') end.usage.cacheReadInputTokens = d.usage.cacheReadInputTokens;
        if (typeof d.usage.cacheWriteInputTokens === 'number') end.usage.cacheWriteInputTokens = d.usage.cacheWriteInputTokens;
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
