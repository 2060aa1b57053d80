import * as assert from 'node:assert/strict';
import { buildRequest, fitReasoning, requestOptions } from '../../../src/chat/request';

describe('chat/request', () => {
  const settings = { modelId: '', maxTokens: 512, temperature: 0 };

  it('repeats the last user turn as `prompt` and carries the options', () => {
    const messages = [
      { role: 'user' as const, content: 'q1' },
      { role: 'assistant' as const, content: 'a1' },
      { role: 'user' as const, content: 'q2' },
    ];
    assert.deepEqual(buildRequest(messages, requestOptions({ ...settings, modelId: 'm1' }, 'sys')), {
      prompt: 'q2',
      messages,
      system: 'sys',
      modelId: 'm1',
      maxTokens: 512,
      temperature: 0,
    });
  });

  it('leaves out an empty model id (the endpoint default) and empty or undefined options, keeping 0', () => {
    const request = buildRequest([{ role: 'user', content: 'q' }], { ...requestOptions(settings, ''), maxTokens: undefined });
    assert.deepEqual(request, { prompt: 'q', messages: [{ role: 'user', content: 'q' }], temperature: 0 });
  });

  it('fits the reasoning budget under maxTokens, raising maxTokens within the output limit or lowering the budget', () => {
    assert.deepEqual(fitReasoning(2048, 0, 4096), { maxTokens: 2048 }, 'no reasoning: maxTokens as set');
    assert.deepEqual(fitReasoning(9000, 0, 4096), { maxTokens: 4096 }, 'capped at the limit');
    assert.deepEqual(fitReasoning(8000, 4096, 64_000), { maxTokens: 8000, budgetTokens: 4096 }, 'already room: nothing changes');
    assert.deepEqual(fitReasoning(2048, 4096, 64_000), { maxTokens: 5120, budgetTokens: 4096, note: 'maxTokens 2048→5120' });
    assert.deepEqual(fitReasoning(2048, 16_000, 4096), {
      maxTokens: 4096,
      budgetTokens: 3072,
      note: 'maxTokens 2048→4096, reasoning budget 16000→3072 (output limit 4096 tokens)',
    });
    const off = fitReasoning(1024, 4096, 2000);
    assert.equal(off.budgetTokens, undefined, 'no room for the minimum budget: reasoning off');
    assert.equal(off.maxTokens, 1024);
    assert.match(off.note ?? '', /^reasoning off: the output limit of 2000 tokens/);
  });
});
