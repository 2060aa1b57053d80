import type { AnswerStats } from '../../../src/protocol/webview';

/** The per-answer stats line, e.g. "First token 0.42 s · 35.1 tok/s · 120 in / 480 out tokens · end_turn · model". */
export function formatStats(stats: AnswerStats): string {
  const parts: string[] = [];
  if (stats.timeToFirstTokenMs !== undefined) parts.push(`First token ${(stats.timeToFirstTokenMs / 1000).toFixed(2)} s`);
  if (stats.tokensPerSecond !== undefined) parts.push(`${stats.tokensPerSecond.toFixed(1)} tok/s`);
  if (stats.inputTokens !== undefined || stats.outputTokens !== undefined) {
    parts.push(`${stats.inputTokens ?? '?'} in / ${stats.outputTokens ?? '?'} out tokens`);
  }
  if (stats.stopReason) parts.push(stats.stopReason);
  if (stats.model) parts.push(stats.model);
  return parts.join(' · ');
}
