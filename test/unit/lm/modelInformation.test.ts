import * as assert from 'node:assert/strict';
import { ENDPOINT_DEFAULT_ID, modelInformation, V1_LIMITS } from '../../../src/lm/modelInformation';
import { MAX_TOOLS } from '../../../src/protocol/validate';
import type { ModelsResponse } from '../../../src/protocol/wire';

const catalogue: ModelsResponse = {
  protocol: 2,
  defaultModel: 'sonnet',
  models: [
    { id: 'sonnet', name: 'Claude Sonnet', contextTokens: 200_000, maxOutputTokens: 64_000, reasoning: true, tools: true, caching: true },
    { id: 'titan', name: 'Titan Text', contextTokens: 8_000, maxOutputTokens: 3_000, reasoning: false, tools: false, caching: false },
  ],
  limits: { maxBodyBytes: 262_144, maxMessages: 200, maxTokens: 4096 },
};

describe('lm/modelInformation', () => {
  it('one model per catalogue entry: output capped by the deployment, input = context − output, tools where the model has them', () => {
    const [sonnet, titan] = modelInformation(catalogue, '');
    assert.equal(sonnet.id, 'sonnet');
    assert.equal(sonnet.name, 'Claude Sonnet');
    assert.equal(sonnet.maxOutputTokens, 4096, 'the deployment refuses more than limits.maxTokens');
    assert.equal(sonnet.maxInputTokens, 200_000 - 4096);
    assert.equal(sonnet.capabilities.toolCalling, MAX_TOOLS);
    assert.equal(sonnet.protocol, 2);
    assert.equal(sonnet.modelId, 'sonnet');
    assert.match(sonnet.detail ?? '', /default/);
    assert.equal(titan.maxOutputTokens, 3000);
    assert.equal(titan.maxInputTokens, 5000);
    assert.equal(titan.capabilities.toolCalling, false);
  });

  it('a v1 endpoint: one model — the configured id or the endpoint default — conservative limits, no tools, protocol 1', () => {
    const [configured] = modelInformation(undefined, 'us.anthropic.claude-3-5-haiku-20241022-v1:0');
    assert.equal(configured.id, 'us.anthropic.claude-3-5-haiku-20241022-v1:0');
    assert.equal(configured.modelId, 'us.anthropic.claude-3-5-haiku-20241022-v1:0');
    const all = modelInformation(undefined, '');
    assert.equal(all.length, 1);
    assert.equal(all[0].id, ENDPOINT_DEFAULT_ID);
    assert.equal(all[0].modelId, undefined, 'the endpoint picks its default');
    assert.equal(all[0].maxInputTokens, V1_LIMITS.maxInputTokens);
    assert.equal(all[0].capabilities.toolCalling, false);
    assert.equal(all[0].protocol, 1);
  });
});
