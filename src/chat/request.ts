import type { ChatMessage, ChatRequest } from '../protocol/wire';

/** The user's model settings every request carries (config/settings' Settings has them). */
export interface ModelSettings {
  /** Empty: the endpoint's default model. */
  modelId: string;
  maxTokens: number;
  temperature: number;
}

/** Per-request options; undefined or empty values are left out of the request. */
export interface RequestOptions {
  system?: string;
  modelId?: string;
  maxTokens?: number;
  temperature?: number;
}

/** The options for one request: a system prompt and the user's model settings. */
export function requestOptions(settings: ModelSettings, system: string): RequestOptions {
  return { system, modelId: settings.modelId, maxTokens: settings.maxTokens, temperature: settings.temperature };
}

/**
 * The request for a conversation ending in a user turn. `prompt` repeats that turn for endpoints
 * that only read it; options that are undefined or empty are left out.
 */
export function buildRequest(messages: ChatMessage[], options: RequestOptions): ChatRequest {
  const last = messages[messages.length - 1].content;
  return { ...(typeof last === 'string' ? { prompt: last } : {}), messages, ...definedOnly(options) };
}

/** The tiny request "Configure Endpoint" sends to test the connection. */
export function connectionTestRequest(): ChatRequest {
  return { prompt: 'Reply with the single word OK.', maxTokens: 16 };
}

function definedOnly(options: RequestOptions): RequestOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== '')) as RequestOptions;
}
