import * as assert from 'node:assert/strict';
import { buildRequest, connectionTestRequest, requestOptions } from '../../../src/chat/request';

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

  it('tests the connection with a tiny prompt-only request', () => {
    assert.deepEqual(connectionTestRequest(), { prompt: 'Reply with the single word OK.', maxTokens: 16 });
  });
});
