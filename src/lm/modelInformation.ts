/**
 * The endpoint's catalogue (`GET /models`) → the models VS Code lists for vendor `ask-bedrock`.
 * Pure (type-only VS Code import), so it is tested without VS Code.
 */
import type * as vscode from 'vscode';
import { DEFAULT_MAX_TOKENS_LIMIT, type ModelsResponse } from '../protocol/wire';
import { MAX_TOOLS } from '../protocol/validate';
import * as l10n from '../util/l10n';

/** One of our models as VS Code sees it, plus how to ask the endpoint for it. */
export interface EndpointModel extends vscode.LanguageModelChatInformation {
  /** 2: the endpoint has `/models` and takes v2 requests; 1: text only. */
  readonly protocol: 1 | 2;
  /** The `modelId` to send; undefined for the endpoint's default. */
  readonly modelId: string | undefined;
}

/** The id of the one model a v1 endpoint gets when askBedrock.modelId is empty. */
export const ENDPOINT_DEFAULT_ID = 'endpoint-default';

/**
 * Limits for a v1 endpoint, which says nothing about its model: output at the default deployment
 * ceiling; input well below what the default 256 KB body holds at ~4 characters a token.
 */
export const V1_LIMITS = { maxInputTokens: 32_000, maxOutputTokens: DEFAULT_MAX_TOKENS_LIMIT } as const;

/**
 * One model per catalogue entry. `maxOutputTokens` is the model's, capped by the deployment's
 * `limits.maxTokens` (it refuses more); `maxInputTokens` is the context window minus that output,
 * so a full prompt still leaves room for a full answer. Tool calling where the model has tools,
 * as a number: the endpoint takes at most MAX_TOOLS per request. A v1 endpoint (no catalogue):
 * one model — askBedrock.modelId, or the endpoint's default — with V1_LIMITS and no tool calling.
 */
export function modelInformation(catalogue: ModelsResponse | undefined, configuredModelId: string): EndpointModel[] {
  if (!catalogue) {
    const id = configuredModelId || ENDPOINT_DEFAULT_ID;
    return [
      {
        id,
        name: configuredModelId || l10n.t('Endpoint default'),
        family: id,
        version: '1',
        detail: l10n.t('Ask Bedrock (v1 endpoint)'),
        tooltip: l10n.t('The team endpoint has no model list (/models), so its default or configured model is the only one; it cannot call tools.'),
        ...V1_LIMITS,
        capabilities: { toolCalling: false, imageInput: false },
        protocol: 1,
        modelId: configuredModelId || undefined,
      },
    ];
  }
  return catalogue.models.map((m) => {
    const maxOutputTokens = Math.max(1, Math.min(m.maxOutputTokens, catalogue.limits.maxTokens));
    return {
      id: m.id,
      name: m.name,
      family: m.id,
      version: String(catalogue.protocol),
      detail: m.id === catalogue.defaultModel ? l10n.t('Ask Bedrock · team default') : 'Ask Bedrock',
      tooltip: m.prices
        ? l10n.t('{0} ({1}) through the team endpoint · ${2} / ${3} per million input / output tokens', m.name, m.id, m.prices.inputPerMTok, m.prices.outputPerMTok)
        : l10n.t('{0} ({1}) through the team endpoint', m.name, m.id),
      maxInputTokens: Math.max(1, m.contextTokens - maxOutputTokens),
      maxOutputTokens,
      capabilities: { toolCalling: m.tools ? MAX_TOOLS : false, imageInput: false },
      protocol: 2,
      modelId: m.id,
    };
  });
}
