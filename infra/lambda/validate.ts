/** Turns an API Gateway proxy event into a checked Bedrock request, or the HTTP error to answer with. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseRequest } from '../../src/protocol/validate';
import { ErrorCode, type ChatMessage } from '../../src/protocol/wire';
import type { HandlerConfig } from './config';

/** A request ready for ConverseStream: model resolved and allowed, maxTokens clamped. */
export interface ChatInput {
  messages: ChatMessage[];
  system?: string;
  modelId: string;
  maxTokens: number;
  temperature?: number;
}

/** A model id, inference-profile id or ARN: nothing that could read as markup, at most 100 characters. */
const SAFE_MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

export type Checked = { ok: true; input: ChatInput } | { ok: false; status: number; code: string; message: string };

/** Validates the event's body against the protocol and the deployment's limits. Never throws. */
export function checkEvent(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, config: HandlerConfig): Checked {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > config.maxBodyBytes) {
    return fail(413, ErrorCode.PayloadTooLarge, `The request body is ${bytes.length} bytes; the limit is ${config.maxBodyBytes}.`);
  }
  if (bytes.length === 0) return fail(400, ErrorCode.BadRequest, 'The request body is empty: send JSON with a "prompt".');

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(400, ErrorCode.BadRequest, 'The request body is not valid UTF-8.');
  }
  const parsed = parseRequest(text, { maxMessages: config.maxMessages });
  if (!parsed.ok) return fail(400, parsed.code, parsed.message);

  const { messages, system, temperature } = parsed.value;
  const modelId = parsed.value.modelId ?? config.defaultModelId;
  if (!config.allowedModelIds.includes(modelId)) {
    // The requested id is quoted only when it looks like a model id: clients show this text to the user.
    const requested = SAFE_MODEL_ID.test(modelId) ? `Model "${modelId}"` : 'The requested model';
    return fail(400, ErrorCode.ModelNotAllowed, `${requested} is not allowed by this endpoint. Allowed: ${config.allowedModelIds.join(', ')}.`);
  }
  const maxTokens = Math.min(parsed.value.maxTokens ?? config.defaultMaxTokens, config.maxTokensLimit);
  const input: ChatInput = { messages, modelId, maxTokens };
  if (system !== undefined) input.system = system;
  if (temperature !== undefined) input.temperature = temperature;
  return { ok: true, input };
}

function fail(status: number, code: string, message: string): Checked {
  return { ok: false, status, code, message };
}
