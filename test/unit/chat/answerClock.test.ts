import * as assert from 'node:assert/strict';
import { AnswerClock, combineStats } from '../../../src/chat/answerClock';

describe('chat/answerClock', () => {
  it('reports cache reads and writes from the usage', () => {
    let now = 0;
    const clock = new AnswerClock(() => now);
    now = 100;
    clock.text();
    now = 1100;
    clock.ended('end_turn', { inputTokens: 10, outputTokens: 50, cacheReadInputTokens: 2000, cacheWriteInputTokens: 0 });
    assert.deepEqual(clock.stats(), { timeToFirstTokenMs: 100, inputTokens: 10, outputTokens: 50, cacheReadInputTokens: 2000, cacheWriteInputTokens: 0, tokensPerSecond: 50, stopReason: 'end_turn' });
  });

  it('adds up tokens and cost over an answer and its Continue, keeping the first wait and the last stop', () => {
    const combined = combineStats(
      { timeToFirstTokenMs: 300, inputTokens: 10, outputTokens: 4096, costUsd: 0.5, stopReason: 'max_tokens', tokensPerSecond: 80, model: 'm' },
      { timeToFirstTokenMs: 900, inputTokens: 20, outputTokens: 100, cacheReadInputTokens: 7, costUsd: 0.25, stopReason: 'end_turn', tokensPerSecond: 60, model: 'm' },
    );
    assert.deepEqual(combined, { timeToFirstTokenMs: 300, inputTokens: 30, outputTokens: 4196, cacheReadInputTokens: 7, costUsd: 0.75, stopReason: 'end_turn', tokensPerSecond: 60, model: 'm' });
    assert.deepEqual(combineStats(undefined, { outputTokens: 1 }), { outputTokens: 1 });
  });
});
