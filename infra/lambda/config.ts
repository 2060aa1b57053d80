/** The handler's settings, read once per container from the environment the CDK stack sets. */
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGES, DEFAULT_MAX_TOKENS_LIMIT, DEFAULT_MODEL_ID } from '../../src/protocol/wire';

export interface HandlerConfig {
  /** Allowed model or inference-profile ids; the first is the default. */
  allowedModelIds: string[];
  defaultModelId: string;
  maxBodyBytes: number;
  /** Requests with more `messages` get 400. */
  maxMessages: number;
  /** Upper bound for `maxTokens` (requests asking for more are clamped). */
  maxTokensLimit: number;
  /** `maxTokens` when the request has none. */
  defaultMaxTokens: number;
  /** Stop Bedrock this long before the function would time out, to end the stream cleanly. */
  abortMarginMs: number;
  logPrompts: boolean;
}

/** Reads the config from `env` (process.env by default); throws on a malformed number. */
export function readConfig(env: Record<string, string | undefined> = process.env): HandlerConfig {
  const listed = (env.ALLOWED_MODEL_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const defaultModelId = env.MODEL_ID?.trim() || listed[0] || DEFAULT_MODEL_ID;
  const allowedModelIds = listed.includes(defaultModelId) ? listed : [defaultModelId, ...listed];
  const maxTokensLimit = positiveInt(env, 'MAX_TOKENS_LIMIT', DEFAULT_MAX_TOKENS_LIMIT);
  return {
    allowedModelIds,
    defaultModelId,
    maxBodyBytes: positiveInt(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
    maxMessages: positiveInt(env, 'MAX_MESSAGES', DEFAULT_MAX_MESSAGES),
    maxTokensLimit,
    defaultMaxTokens: Math.min(positiveInt(env, 'DEFAULT_MAX_TOKENS', 2048), maxTokensLimit),
    abortMarginMs: positiveInt(env, 'ABORT_MARGIN_MS', 2000),
    logPrompts: env.LOG_PROMPTS === 'true',
  };
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}".`);
  return n;
}
