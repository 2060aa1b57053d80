import type { AnswerStats } from '../../../src/protocol/webview';
import { t } from '../strings';
import { formatCost } from './cost';

/** "cache 1024 read / 200 write" when the answer read or wrote the prompt cache, else ''. */
function cacheUsage(stats: AnswerStats): string {
  const read = stats.cacheReadInputTokens ?? 0;
  const write = stats.cacheWriteInputTokens ?? 0;
  return read > 0 || write > 0 ? t('statsCache', read, write) : '';
}

/** The per-answer stats line, e.g. "First token 0.42 s · 35.1 tok/s · 120 in / 480 out tokens · cache 2048 read / 0 write · $0.0123 · end_turn · model". */
export function formatStats(stats: AnswerStats): string {
  const parts: string[] = [];
  if (stats.timeToFirstTokenMs !== undefined) parts.push(t('statsFirstToken', (stats.timeToFirstTokenMs / 1000).toFixed(2)));
  if (stats.tokensPerSecond !== undefined) parts.push(t('statsTokensPerSecond', stats.tokensPerSecond.toFixed(1)));
  if (stats.inputTokens !== undefined || stats.outputTokens !== undefined) {
    parts.push(t('statsTokens', stats.inputTokens ?? '?', stats.outputTokens ?? '?'));
  }
  const cache = cacheUsage(stats);
  if (cache) parts.push(cache);
  if (stats.costUsd !== undefined) parts.push(formatCost(stats.costUsd));
  if (stats.stopReason) parts.push(stats.stopReason);
  if (stats.model) parts.push(stats.model);
  return parts.join(' · ');
}
