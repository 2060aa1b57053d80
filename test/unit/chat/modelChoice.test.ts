import * as assert from 'node:assert/strict';
import { MODEL_CHOICE_KEY, ModelChoiceStore, v1Note } from '../../../src/chat/modelChoice';
import type { ModelInfo, ModelsResponse } from '../../../src/protocol/wire';
import { TransportError } from '../../../src/transport/errors';
import { MemoryStore } from '../../support/memoryStore';

const model = (id: string, more: Partial<ModelInfo> = {}): ModelInfo => ({ id, name: id.toUpperCase(), contextTokens: 200_000, maxOutputTokens: 8192, reasoning: false, tools: true, caching: false, ...more });

const CATALOGUE: ModelsResponse = {
  protocol: 2,
  defaultModel: 'sonnet',
  models: [model('sonnet', { reasoning: true, prices: { inputPerMTok: 3, outputPerMTok: 15 } }), model('haiku')],
  limits: { maxBodyBytes: 100_000, maxMessages: 50, maxTokens: 4096 },
};

function store(catalogue: ModelsResponse | undefined | Error, configured = '') {
  const storage = new MemoryStore();
  const warnings: string[] = [];
  const choice = new ModelChoiceStore({
    storage,
    models: async () => {
      if (catalogue instanceof Error) throw catalogue;
      return catalogue;
    },
    configuredModelId: () => configured,
    log: { warn: (m) => warnings.push(m) },
  });
  return { choice, storage, warnings };
}

const signal = new AbortController().signal;

describe('chat/ModelChoiceStore', () => {
  it("lists the catalogue's models with their badges and the default marked; nothing chosen: the endpoint's default answers", async () => {
    const { choice } = store(CATALOGUE);
    assert.deepEqual(await choice.state(signal), {
      models: [
        { id: 'sonnet', name: 'SONNET', reasoning: true, tools: true, isDefault: true },
        { id: 'haiku', name: 'HAIKU', reasoning: false, tools: true, isDefault: false },
      ],
      selectedId: '',
      reasoningBudget: 0,
    });
    assert.deepEqual(await choice.forRequest(signal), { protocol: 2, modelId: 'sonnet', info: CATALOGUE.models[0], limits: CATALOGUE.limits, reasoningBudget: 0 });
  });

  it('keeps the choice and budget in the user store (shared by windows) and tells listeners', async () => {
    const { choice, storage } = store(CATALOGUE);
    let changes = 0;
    choice.onDidChange(() => changes++);
    await choice.select('haiku');
    await choice.setReasoningBudget(4096);
    assert.equal(changes, 2);
    assert.deepEqual(storage.get(MODEL_CHOICE_KEY), { modelId: 'haiku', reasoningBudget: 4096 });
    const other = new ModelChoiceStore({ storage, models: async () => CATALOGUE, configuredModelId: () => '', log: { warn: () => undefined } });
    assert.equal((await other.state(signal)).selectedId, 'haiku', 'another window reads the same choice');
    const request = await other.forRequest(signal);
    assert.equal(request.modelId, 'haiku');
    assert.equal(request.reasoningBudget, 0, 'a model without reasoning gets no budget');
    await other.select('sonnet');
    assert.equal((await choice.forRequest(signal)).reasoningBudget, 4096);
  });

  it('keeps budgets Bedrock takes: 0 is off, others at least 1,024 and whole', async () => {
    const { choice } = store(CATALOGUE);
    for (const [given, kept] of [[0, 0], [-5, 0], [Number.NaN, 0], [100, 1024], [4096.4, 4096], [1e9, 200_000]] as const) {
      await choice.setReasoningBudget(given);
      assert.equal((await choice.state(signal)).reasoningBudget, kept, `${given}`);
    }
  });

  it('a choice the endpoint no longer offers falls back to askBedrock.modelId when offered, else the default, with a note', async () => {
    const { choice } = store(CATALOGUE, 'haiku');
    assert.equal((await choice.state(signal)).selectedId, 'haiku', 'the configured model, when nothing is chosen');
    await choice.select('retired-model');
    const state = await choice.state(signal);
    assert.equal(state.selectedId, 'haiku');
    assert.match(state.note ?? '', /no longer offers retired-model/);
    assert.equal((await choice.forRequest(signal)).modelId, 'haiku');
    const { choice: plain } = store(CATALOGUE, 'not-offered');
    await plain.select('retired-model');
    assert.equal((await plain.forRequest(signal)).modelId, 'sonnet');
  });

  it('a v1 endpoint (no /models): the configured model alone, a note, and v1 requests that leave the model to the settings', async () => {
    const { choice } = store(undefined, 'my-model');
    await choice.select('sonnet');
    await choice.setReasoningBudget(4096);
    assert.deepEqual(await choice.state(signal), {
      models: [{ id: '', name: 'my-model', reasoning: false, tools: false, isDefault: true }],
      selectedId: '',
      reasoningBudget: 4096,
      note: v1Note(),
    });
    assert.deepEqual(await choice.forRequest(signal), { protocol: 1, limits: { maxBodyBytes: 262_144, maxMessages: 200 }, reasoningBudget: 0 });
  });

  it('a catalogue that cannot be read: the configured model, a note with the reason, one warning per distinct failure', async () => {
    const { choice, warnings } = store(new TransportError('network', 'Nothing is listening at the endpoint.'));
    const state = await choice.state(signal);
    assert.deepEqual(state.models.map((m) => m.name), ['Endpoint default']);
    assert.equal(state.note, "Could not read the endpoint's models: Nothing is listening at the endpoint.");
    assert.equal((await choice.forRequest(signal)).protocol, 1);
    assert.equal(warnings.length, 1);
  });
});
