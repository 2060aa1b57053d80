import * as assert from 'node:assert/strict';
import { formatCost } from '../../../../../media/chat/view/cost';
import { formatStats } from '../../../../../media/chat/view/statsLine';

describe('media/view/statsLine: usage and cost', () => {
  it('adds cache reads and writes and the cost when there are any', () => {
    assert.equal(
      formatStats({ inputTokens: 12, outputTokens: 480, cacheReadInputTokens: 2048, cacheWriteInputTokens: 0, costUsd: 0.01234, stopReason: 'end_turn' }),
      '12 in / 480 out tokens · cache 2048 read / 0 write · $0.0123 · end_turn',
    );
    assert.equal(formatStats({ inputTokens: 5, outputTokens: 6, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 }), '5 in / 6 out tokens', 'no cache part without cache use');
    assert.equal(formatStats({ cacheWriteInputTokens: 1500 }), 'cache 0 read / 1500 write');
    assert.equal(formatStats({ costUsd: 0 }), '$0.0000');
  });

  it('shows USD with 4 decimals under $1, cents above, and "< $0.0001" for less', () => {
    assert.equal(formatCost(0.0123), '$0.0123');
    assert.equal(formatCost(0.99994), '$0.9999');
    assert.equal(formatCost(1.256), '$1.26');
    assert.equal(formatCost(12), '$12.00');
    assert.equal(formatCost(0.00004), '< $0.0001');
  });
});
