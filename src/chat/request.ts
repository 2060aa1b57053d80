import { fitReasoningTokens, MIN_REASONING_BUDGET } from '../protocol/validate';
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
  /** 2 for a v2 endpoint (one with `/models`); absent for v1. */
  protocol?: number;
  reasoning?: { budgetTokens: number };
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

/** maxTokens and the reasoning budget for one request, made valid together; `note` says what was changed and why. */
export interface FittedReasoning {
  maxTokens: number;
  /** Absent: no reasoning (none asked for, or no room for the minimum budget). */
  budgetTokens?: number;
  note?: string;
}

/**
 * Bedrock wants maxTokens above the reasoning budget: maxTokens is raised to the budget plus
 * MIN_ANSWER_TOKENS, at most to `ceiling` (the endpoint's and the model's output
 * limit); where that is not enough the budget is lowered, and below the minimum budget reasoning is off.
 */
export function fitReasoning(maxTokens: number, budgetTokens: number, ceiling: number): FittedReasoning {
  const capped = Math.max(1, Math.min(maxTokens, ceiling));
  if (budgetTokens <= 0) return { maxTokens: capped };
  const fitted = fitReasoningTokens(maxTokens, budgetTokens, ceiling);
  if (!fitted) {
    return { maxTokens: capped, note: `reasoning off: the output limit of ${ceiling} tokens leaves no room for a ${MIN_REASONING_BUDGET}-token budget and the answer` };
  }
  const { maxTokens: raised, budgetTokens: budget } = fitted;
  const changes: string[] = [];
  if (raised !== maxTokens) changes.push(`maxTokens ${maxTokens}→${raised}`);
  if (budget !== budgetTokens) changes.push(`reasoning budget ${budgetTokens}→${budget} (output limit ${ceiling} tokens)`);
  return { maxTokens: raised, budgetTokens: budget, ...(changes.length > 0 ? { note: changes.join(', ') } : {}) };
}

function definedOnly(options: RequestOptions): RequestOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== '')) as RequestOptions;
}
