import type { TranscriptUpdate } from '../../protocol/webview';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

/**
 * Collects transcript updates and posts them to the webview at most once per frame
 * (~16 ms), joining consecutive appends (and reasoning) to the same turn, so a fast stream costs one
 * message per frame instead of one per chunk. The first update after a quiet spell goes out
 * on the next tick, so the first token is not delayed by a frame.
 */
export class UpdateBatcher {
  private queue: TranscriptUpdate[] = [];
  private timer: unknown;
  private lastPost = -Infinity;
  /** How many batches were posted (for tests and benchmarks). */
  posted = 0;

  constructor(
    private readonly post: (updates: TranscriptUpdate[]) => void,
    private readonly frameMs = 16,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Queues an update for the next batch. */
  push(update: TranscriptUpdate): void {
    const last = this.queue[this.queue.length - 1];
    if (update.type === 'appended' && last?.type === 'appended' && last.turnId === update.turnId) {
      this.queue[this.queue.length - 1] = { ...last, text: last.text + update.text };
    } else if (update.type === 'reasoning' && last?.type === 'reasoning' && last.turnId === update.turnId) {
      const text = (last.text ?? '') + (update.text ?? '');
      this.queue[this.queue.length - 1] = { type: 'reasoning', turnId: last.turnId, ...(text ? { text } : {}), ...(last.redacted || update.redacted ? { redacted: true } : {}) };
    } else {
      this.queue.push(update);
    }
    if (this.timer === undefined) {
      const wait = Math.max(0, this.lastPost + this.frameMs - this.timers.now());
      this.timer = this.timers.setTimeout(() => this.flush(), wait);
    }
  }

  /** Posts everything queued now. */
  flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const updates = this.queue;
    this.queue = [];
    this.lastPost = this.timers.now();
    this.posted++;
    this.post(updates);
  }

  /** Drops everything queued (the webview is about to get the whole state). */
  clear(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }

  dispose(): void {
    this.clear();
  }
}
