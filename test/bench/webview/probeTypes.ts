// What the bench probe (probe.ts, running in the harness page) exposes as window.__bench.
/// <reference lib="dom" />
import type { Turn } from '../../../src/protocol/webview';

/** How the simulated host plays chunks into the webview. */
export interface PlayOptions {
  turnId: string;
  /** Send `turnStarted` first. */
  start: boolean;
  /** Send `turnFinished` after the last chunk. */
  finish: boolean;
  /** Chunks arriving at the host per second; 0 = a burst (as fast as the host can read them). */
  chunksPerSecond: number;
  /** Stop feeding after this long (ms) even if chunks are left (the baseline's cap). */
  capMs: number;
}

/** What one play measured in the page (times in ms). */
export interface PlayResult {
  wallMs: number;
  chunksSent: number;
  batches: number;
  capped: boolean;
  /** Longest time from a chunk reaching the host to the end of the frame that rendered it. */
  maxLagMs: number;
  p95LagMs: number;
  /** Longest of: `longtask` entries and measured frames (rAF callback to after paint). */
  longestTaskMs: number;
  /** `long-animation-frame` entries (frames over 50 ms), or measured frames over 50 ms where unsupported. */
  framesOver50: number;
  frames: number;
}

/** What reopening a conversation (`reset`) cost in the page, from the message to now (times in ms). */
export interface ReopenResult {
  wallMs: number;
  /** `long-animation-frame` entries over 50 ms (or measured frames where unsupported). */
  framesOver50: number;
  longestFrameMs: number;
}

export interface BenchProbe {
  /** Stores the turns of a conversation to reopen (before measuring). */
  loadConversation(turns: Turn[]): void;
  /** Sends `reset` with the stored turns; resolves once every turn is there and no answer near the screen waits, painted. */
  reopen(): Promise<ReopenResult>;
  /** After `reopen`: resolves once every answer is rendered (the idle-time rest too), painted; figures since the reset. */
  reopenRest(): Promise<ReopenResult>;
  /** Stores the chunks of the answer to play. */
  load(chunks: string[]): void;
  /** Plays chunks [from, to) through the host's UpdateBatcher; resolves once the last one is on screen. */
  play(from: number, to: number, options: PlayOptions): Promise<PlayResult>;
  /** Resolves after `n` animation frames, once the page is idle again (its warm-up done); false if it never was within 5 s. */
  settle(n: number): Promise<boolean>;
}

declare global {
  interface Window {
    __bench: BenchProbe;
  }
}
