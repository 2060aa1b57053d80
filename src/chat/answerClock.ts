import type { Usage } from '../protocol/wire';
import type { AnswerStats } from '../protocol/webview';

/** Collects the timings of one answer and turns them into the stats the panel shows. */
export class AnswerClock {
  private firstTextAt: number | undefined;
  private endedAt: number | undefined;
  private model: string | undefined;
  private usage: Usage | undefined;
  private stopReason: string | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sentAt = now(),
  ) {}

  /** Records the model named by the `start` event. */
  started(model: string): void {
    if (model) this.model = model;
  }

  /** Records the arrival of text (only the first call matters). */
  text(): void {
    this.firstTextAt ??= this.now();
  }

  /** Records the end of the answer. */
  ended(stopReason?: string, usage?: Usage): void {
    this.endedAt = this.now();
    this.stopReason = stopReason;
    this.usage = usage;
  }

  /** The stats so far; fields that are not known are left out. */
  stats(): AnswerStats {
    const stats: AnswerStats = {};
    if (this.firstTextAt !== undefined) stats.timeToFirstTokenMs = this.firstTextAt - this.sentAt;
    if (this.usage) {
      stats.inputTokens = this.usage.inputTokens;
      stats.outputTokens = this.usage.outputTokens;
      if (this.usage.cacheReadInputTokens !== undefined) stats.cacheReadInputTokens = this.usage.cacheReadInputTokens;
      if (this.usage.cacheWriteInputTokens !== undefined) stats.cacheWriteInputTokens = this.usage.cacheWriteInputTokens;
      const streamingMs = (this.endedAt ?? this.now()) - (this.firstTextAt ?? this.sentAt);
      if (streamingMs > 0 && this.usage.outputTokens > 0) {
        stats.tokensPerSecond = Math.round((this.usage.outputTokens / streamingMs) * 1000 * 10) / 10;
      }
    }
    if (this.stopReason) stats.stopReason = this.stopReason;
    if (this.model) stats.model = this.model;
    return stats;
  }
}

/** Token counts and costs that add up over the requests of one answer (Continue). */
const ADDED = ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheWriteInputTokens', 'costUsd'] as const;

/**
 * The stats of an answer made of two requests (the first, then its Continue): tokens and cost
 * add up, the time to first text is the first request's, speed, stop reason and model the later's.
 */
export function combineStats(earlier: AnswerStats | undefined, later: AnswerStats): AnswerStats {
  if (!earlier) return later;
  const combined: AnswerStats = { ...earlier, ...later };
  if (earlier.timeToFirstTokenMs !== undefined) combined.timeToFirstTokenMs = earlier.timeToFirstTokenMs;
  for (const key of ADDED) {
    const a = earlier[key];
    const b = later[key];
    if (a !== undefined || b !== undefined) combined[key] = (a ?? 0) + (b ?? 0);
  }
  return combined;
}
