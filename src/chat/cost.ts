import type { ModelPrices, Usage } from '../protocol/wire';

/**
 * USD for one answer's tokens at the model's per-million-token prices. Cache reads and writes
 * without a price of their own are charged at the input price (an upper bound for reads).
 */
export function answerCostUsd(usage: Usage, prices: ModelPrices): number {
  const input = prices.inputPerMTok;
  const dollars =
    usage.inputTokens * input +
    usage.outputTokens * prices.outputPerMTok +
    (usage.cacheReadInputTokens ?? 0) * (prices.cacheReadPerMTok ?? input) +
    (usage.cacheWriteInputTokens ?? 0) * (prices.cacheWritePerMTok ?? input);
  return dollars / 1_000_000;
}

/** The sum of the known costs; undefined when none is known. */
export function totalCostUsd(costs: Iterable<number | undefined>): number | undefined {
  let total: number | undefined;
  for (const cost of costs) if (cost !== undefined) total = (total ?? 0) + cost;
  return total;
}
