/** What the endpoint knows about each model (modelCatalogue.json), and the `GET …/models` body built from it. */
import { PROTOCOL_VERSION_2, type ModelInfo, type ModelPrices, type ModelsResponse } from '../../src/protocol/wire';
import catalogueData from './modelCatalogue.json';
import type { HandlerConfig } from './config';

/** Where the endpoint may place a prompt-cache point for a model. */
export type CachePointPlace = 'system' | 'tools' | 'messages';

/** A catalogue entry: the public ModelInfo fields plus how the endpoint drives the model. */
export interface CatalogueEntry extends Omit<ModelInfo, 'id' | 'prices'> {
  /** 'thinking': reasoning.budgetTokens becomes Claude extended thinking; 'builtIn': the model reasons unasked. */
  reasoningControl?: 'thinking' | 'builtIn';
  cachePointsIn: CachePointPlace[];
}

interface CatalogueFile {
  defaults: Pick<ModelInfo, 'contextTokens' | 'maxOutputTokens' | 'reasoning' | 'tools' | 'caching'>;
  models: (Omit<CatalogueEntry, 'cachePointsIn' | 'reasoningControl'> & { id: string; reasoningControl?: string; cachePointsIn?: string[] })[];
}

const catalogue = catalogueData as CatalogueFile;

/**
 * The catalogue entry for a model id, an inference-profile id (`us.`/`eu.`/`global.`… before the
 * model part) or an ARN ending in either; conservative defaults for ids it does not know.
 */
export function lookupModel(id: string): CatalogueEntry {
  const modelPart = id.slice(id.lastIndexOf('/') + 1);
  const found = catalogue.models.find((m) => modelPart === m.id || modelPart.endsWith(`.${m.id}`));
  if (!found) return { name: modelPart, ...catalogue.defaults, cachePointsIn: [] };
  const { id: _id, reasoningControl, cachePointsIn, ...info } = found;
  return {
    ...info,
    ...(reasoningControl === 'thinking' || reasoningControl === 'builtIn' ? { reasoningControl } : {}),
    cachePointsIn: (cachePointsIn ?? []).filter((p): p is CachePointPlace => p === 'system' || p === 'tools' || p === 'messages'),
  };
}

/** The body of `GET …/models`: the allow-list described by the catalogue, prices where configured, limits, guardrail. */
export function modelsResponse(config: HandlerConfig): ModelsResponse {
  const models = config.allowedModelIds.map((id): ModelInfo => {
    const { name, contextTokens, maxOutputTokens, reasoning, tools, caching } = lookupModel(id);
    const prices: ModelPrices | undefined = config.modelPrices[id];
    return { id, name, contextTokens, maxOutputTokens, reasoning, tools, caching, ...(prices ? { prices } : {}) };
  });
  return {
    protocol: PROTOCOL_VERSION_2,
    defaultModel: config.defaultModelId,
    models,
    limits: { maxBodyBytes: config.maxBodyBytes, maxMessages: config.maxMessages, maxTokens: config.maxTokensLimit },
    ...(config.guardrail ? { guardrail: { id: config.guardrail.id, version: config.guardrail.version } } : {}),
  };
}
