import * as assert from 'node:assert/strict';
import { answerCostUsd, totalCostUsd } from '../../../src/chat/cost';

describe('chat/cost', () => {
  it('prices input, output, cache reads and writes per million tokens', () => {
    const cost = answerCostUsd(
      { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadInputTokens: 2_000_000, cacheWriteInputTokens: 400_000 },
      { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    );
    assert.ok(Math.abs(cost - (3 + 1.5 + 0.6 + 1.5)) < 1e-12, String(cost));
  });

  it('charges cache tokens at the input price when the endpoint gives no cache prices', () => {
    assert.ok(Math.abs(answerCostUsd({ inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 500_000, cacheWriteInputTokens: 500_000 }, { inputPerMTok: 2, outputPerMTok: 8 }) - 2) < 1e-12);
  });

  it('adds up the known costs; none known is undefined, not $0', () => {
    assert.equal(totalCostUsd([undefined, undefined]), undefined);
    assert.equal(totalCostUsd([0.25, undefined, 0.5]), 0.75);
    assert.equal(totalCostUsd([0]), 0);
  });
});
