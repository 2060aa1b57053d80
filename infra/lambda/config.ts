/** The handler's settings, read once per container from the environment the CDK stack sets. */
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_MESSAGES,
  DEFAULT_MAX_TOKENS_LIMIT,
  DEFAULT_MODEL_ID,
  isRecord,
  type ModelPrices,
} from '../../src/protocol/wire';

/** A Bedrock guardrail applied to every answer; `streamMode` is ConverseStream's streamProcessingMode. */
export interface GuardrailSettings {
  id: string;
  version: string;
  streamMode: 'sync' | 'async';
}

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
  /** Per-million-token prices by allowed model id (MODEL_PRICES JSON), shown by `GET …/models`. */
  modelPrices: Record<string, ModelPrices>;
  /** From GUARDRAIL_ID / GUARDRAIL_VERSION / GUARDRAIL_STREAM_MODE; undefined without an id. */
  guardrail?: GuardrailSettings;
  /** SSE heartbeat after this long without upstream output (HEARTBEAT_MS). */
  heartbeatMs: number;
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
    modelPrices: readPrices(env.MODEL_PRICES),
    ...optionalGuardrail(env),
    heartbeatMs: positiveInt(env, 'HEARTBEAT_MS', DEFAULT_HEARTBEAT_MS),
  };
}

/** Parses MODEL_PRICES (`{"<id>": {inputPerMTok, outputPerMTok, cacheReadPerMTok?, cacheWritePerMTok?}}`); throws on a malformed one. */
export function readPrices(raw: string | undefined): Record<string, ModelPrices> {
  if (raw === undefined || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('MODEL_PRICES must be JSON: {"<model id>": {"inputPerMTok": 3, "outputPerMTok": 15}}.');
  }
  if (!isRecord(json)) throw new Error('MODEL_PRICES must be a JSON object keyed by model id.');
  const prices: Record<string, ModelPrices> = {};
  for (const [id, value] of Object.entries(json)) {
    if (!isRecord(value)) throw new Error(`MODEL_PRICES["${id}"] must be an object.`);
    const price = (key: keyof ModelPrices, required: boolean): number | undefined => {
      const n = value[key];
      if (n === undefined && !required) return undefined;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`MODEL_PRICES["${id}"].${key} must be a number ≥ 0.`);
      return n;
    };
    const entry: ModelPrices = { inputPerMTok: price('inputPerMTok', true)!, outputPerMTok: price('outputPerMTok', true)! };
    const cacheRead = price('cacheReadPerMTok', false);
    const cacheWrite = price('cacheWritePerMTok', false);
    if (cacheRead !== undefined) entry.cacheReadPerMTok = cacheRead;
    if (cacheWrite !== undefined) entry.cacheWritePerMTok = cacheWrite;
    prices[id] = entry;
  }
  return prices;
}

function optionalGuardrail(env: Record<string, string | undefined>): { guardrail?: GuardrailSettings } {
  const id = env.GUARDRAIL_ID?.trim();
  if (!id) return {};
  const version = env.GUARDRAIL_VERSION?.trim() || 'DRAFT';
  const mode = env.GUARDRAIL_STREAM_MODE?.trim() || 'sync';
  if (mode !== 'sync' && mode !== 'async') throw new Error(`GUARDRAIL_STREAM_MODE must be "sync" or "async", got "${mode}".`);
  return { guardrail: { id, version, streamMode: mode } };
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}".`);
  return n;
}
