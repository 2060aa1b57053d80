/** Turns an API Gateway proxy event into a checked Bedrock request, or the HTTP error to answer with. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { fitReasoningTokens, parseRequest, type ValidatedRequest } from '../../src/protocol/validate';
import { ErrorCode, PROTOCOL_VERSION_2, type ChatMessage, type ToolChoice, type ToolSpec } from '../../src/protocol/wire';
import { lookupModel, type CachePointPlace, type CatalogueEntry } from './catalogue';
import type { HandlerConfig } from './config';

/** A request ready for ConverseStream: model resolved and allowed, maxTokens clamped, v2 options made valid together. */
export interface ChatInput {
  messages: ChatMessage[];
  system?: string;
  modelId: string;
  maxTokens: number;
  temperature?: number;
  /** 2 when the request said so (then the v2 events and the commit at messageStart apply). */
  protocol?: number;
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  /** Claude extended thinking with this budget (< maxTokens, ≥ 1024), when asked for and possible. */
  thinkingBudget?: number;
  /** Where cache points go (empty: none). */
  cachePoints: CachePointPlace[];
  /** What the endpoint changed so Bedrock accepts the combination (for the log). */
  adjustments: string[];
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
  const input: ChatInput = { messages, modelId, maxTokens, cachePoints: [], adjustments: [] };
  if (system !== undefined) input.system = system;
  if (temperature !== undefined) input.temperature = temperature;
  if (parsed.value.protocol === PROTOCOL_VERSION_2) planV2(input, parsed.value, lookupModel(modelId), config);
  return { ok: true, input };
}

/**
 * Applies the v2 options so that Bedrock never sees an invalid combination: with thinking,
 * maxTokens is raised (up to the deployment's and the model's limit) to budget + MIN_ANSWER_TOKENS,
 * then the budget lowered to fit; temperature is dropped and a forced toolChoice becomes auto.
 */
function planV2(input: ChatInput, request: ValidatedRequest, model: CatalogueEntry, config: HandlerConfig): void {
  input.protocol = PROTOCOL_VERSION_2;
  if (request.tools) input.tools = request.tools;
  if (request.toolChoice) input.toolChoice = request.toolChoice;
  if (request.reasoning && model.reasoningControl === 'thinking') {
    const fitted = fitReasoningTokens(input.maxTokens, request.reasoning.budgetTokens, Math.min(config.maxTokensLimit, model.maxOutputTokens));
    if (!fitted) {
      input.adjustments.push('reasoning off: maxTokens limit too small for a budget');
    } else {
      const { maxTokens, budgetTokens: budget } = fitted;
      if (maxTokens !== input.maxTokens) input.adjustments.push(`maxTokens ${input.maxTokens}→${maxTokens} for reasoning`);
      if (budget !== request.reasoning.budgetTokens) input.adjustments.push(`budgetTokens ${request.reasoning.budgetTokens}→${budget}`);
      input.maxTokens = maxTokens;
      input.thinkingBudget = budget;
      if (input.temperature !== undefined) {
        delete input.temperature;
        input.adjustments.push('temperature dropped (reasoning)');
      }
      if (input.toolChoice !== undefined && input.toolChoice !== 'auto') {
        input.toolChoice = 'auto';
        input.adjustments.push('toolChoice forced→auto (reasoning)');
      }
    }
  }
  if (model.caching && request.cache !== false) input.cachePoints = [...model.cachePointsIn];
}

function fail(status: number, code: string, message: string): Checked {
  return { ok: false, status, code, message };
}
