import * as assert from 'node:assert/strict';
import { estimateTokens } from '../../../src/chat/tokenEstimate';
import { estimateTokens as fakeEstimate } from '../../../infra/local/fakePromptCache';

describe('chat/tokenEstimate', () => {
  it('is ceil(chars / 4), the rule the fake Bedrock counts a block with', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcd'), 1);
    assert.equal(estimateTokens('abcde'), 2);
    for (const block of [{ text: 'Hello, world' }, { text: '日本語のテキスト' }, { toolUse: { name: 'readFile', input: { path: 'a.ts' } } }]) {
      assert.equal(estimateTokens(JSON.stringify(block)), fakeEstimate(block));
    }
  });
});
