import { request, type Dispatcher } from './lazyUndici';
import { isRecord, modelsUrl, type ModelInfo, type ModelPrices, type ModelsResponse } from '../protocol/wire';
import { DEFAULT_ANSWER_LIMITS, startAnswerDeadline, type AnswerLimits } from './answerLimits';
import type { RequestAuth } from './auth';
import { TransportError, errorFromException, errorFromResponse, redactSecrets } from './errors';
import { parseEndpoint } from './streamAnswer';
import * as l10n from '../util/l10n';

/** Largest `/models` body read: a catalogue is a few KB, so more means a broken or hostile endpoint. */
export const MAX_MODELS_BYTES = 2 ** 20;

export interface ModelsConfig {
  /** The chat endpoint; `/models` is beside it (see modelsUrl). */
  endpoint: string;
  auth: RequestAuth;
  dispatcher: Dispatcher;
  userAgent?: string;
  /** Its time bound (maxMs) applies to the whole request; DEFAULT_ANSWER_LIMITS when absent. */
  limits?: AnswerLimits;
}

/**
 * GETs the deployment's model catalogue with the chat route's auth. Resolves undefined when the
 * endpoint has none (a v1 endpoint or the blog's Lambda: 403 Missing Authentication Token, 404,
 * 405, or a 200 that is not JSON); throws a TransportError for every other failure, and a
 * `protocol` one for a malformed catalogue or a body over MAX_MODELS_BYTES.
 */
export async function fetchModels(config: ModelsConfig, signal: AbortSignal): Promise<ModelsResponse | undefined> {
  const secrets: string[] = [];
  const deadline = startAnswerDeadline(signal, (config.limits ?? DEFAULT_ANSWER_LIMITS).maxMs);
  try {
    return await fetchOnce(config, deadline.signal, secrets);
  } catch (err) {
    throw redactSecrets(deadline.expired ?? errorFromException(err, signal), secrets);
  } finally {
    deadline.dispose();
  }
}

async function fetchOnce(config: ModelsConfig, signal: AbortSignal, secrets: string[]): Promise<ModelsResponse | undefined> {
  const url = new URL(modelsUrl(parseEndpoint(config.endpoint).toString()));
  const baseHeaders: Record<string, string> = { accept: 'application/json', 'user-agent': config.userAgent ?? 'ask-bedrock-vscode' };
  const authHeaders = await config.auth.headers({ url, method: 'GET', headers: baseHeaders, body: '' });
  secrets.push(...Object.values(authHeaders));

  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, { method: 'GET', headers: { ...baseHeaders, ...authHeaders }, signal, dispatcher: config.dispatcher });
  } catch (err) {
    throw errorFromException(err, signal);
  }
  const body = await readBounded(response.body, signal);
  const status = response.statusCode;
  if (status === 404 || status === 405 || (status === 403 && /missing authentication token/i.test(body))) return undefined;
  if (status < 200 || status >= 300) throw errorFromResponse(status, body);
  const contentType = String(response.headers['content-type'] ?? '');
  if (!/json/i.test(contentType)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw malformed('it is not JSON');
  }
  return parseModelsResponse(json);
}

async function readBounded(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += (chunk as Buffer).length;
      if (bytes > MAX_MODELS_BYTES) {
        body.destroy();
        throw new TransportError('protocol', l10n.t('The endpoint\'s model list is over {0} MB, so it was refused.', MAX_MODELS_BYTES / 2 ** 20), { code: 'ModelsTooLarge' });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    throw errorFromException(err, signal);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function malformed(detail: string): TransportError {
  return new TransportError('protocol', l10n.t('The endpoint\'s model list (GET /models) is malformed: {0}.', detail), { code: 'MalformedModels' });
}

/**
 * Reads a `/models` body into a ModelsResponse: unknown fields are dropped, a missing or
 * mistyped known field throws a `protocol` TransportError naming it.
 */
export function parseModelsResponse(json: unknown): ModelsResponse {
  if (!isRecord(json)) throw malformed('it is not an object');
  if (!Array.isArray(json.models)) throw malformed('"models" is not a list');
  if (!isRecord(json.limits)) throw malformed('"limits" is not an object');
  const result: ModelsResponse = {
    protocol: num(json, 'protocol', ''),
    defaultModel: text(json, 'defaultModel', ''),
    models: json.models.map((m, i) => parseModel(m, `models[${i}]`)),
    limits: {
      maxBodyBytes: num(json.limits, 'maxBodyBytes', 'limits.'),
      maxMessages: num(json.limits, 'maxMessages', 'limits.'),
      maxTokens: num(json.limits, 'maxTokens', 'limits.'),
    },
  };
  if (json.guardrail !== undefined) {
    if (!isRecord(json.guardrail)) throw malformed('"guardrail" is not an object');
    result.guardrail = { id: text(json.guardrail, 'id', 'guardrail.'), version: text(json.guardrail, 'version', 'guardrail.') };
  }
  return result;
}

function parseModel(value: unknown, at: string): ModelInfo {
  if (!isRecord(value)) throw malformed(`${at} is not an object`);
  const where = `${at}.`;
  const model: ModelInfo = {
    id: text(value, 'id', where),
    name: text(value, 'name', where),
    contextTokens: num(value, 'contextTokens', where),
    maxOutputTokens: num(value, 'maxOutputTokens', where),
    reasoning: flag(value, 'reasoning', where),
    tools: flag(value, 'tools', where),
    caching: flag(value, 'caching', where),
  };
  if (value.prices !== undefined) {
    const p = value.prices;
    if (!isRecord(p)) throw malformed(`${where}prices is not an object`);
    const prices: ModelPrices = { inputPerMTok: num(p, 'inputPerMTok', `${where}prices.`), outputPerMTok: num(p, 'outputPerMTok', `${where}prices.`) };
    if (p.cacheReadPerMTok !== undefined) prices.cacheReadPerMTok = num(p, 'cacheReadPerMTok', `${where}prices.`);
    if (p.cacheWritePerMTok !== undefined) prices.cacheWritePerMTok = num(p, 'cacheWritePerMTok', `${where}prices.`);
    model.prices = prices;
  }
  return model;
}

function num(record: Record<string, unknown>, key: string, where: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw malformed(`"${where}${key}" is not a number`);
  return value;
}

function text(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw malformed(`"${where}${key}" is not a non-empty string`);
  return value;
}

function flag(record: Record<string, unknown>, key: string, where: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') throw malformed(`"${where}${key}" is not true or false`);
  return value;
}
