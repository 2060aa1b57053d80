// The harness page's globals (harness.js), as the tests see them.
/// <reference lib="dom" />
import type { AnswerStats, HostToWebview, TurnError, TurnStatus, WebviewToHost } from '../../../src/protocol/webview';

declare global {
  interface Window {
    __posted: WebviewToHost[];
    __cspViolations: unknown[];
    __pwned?: unknown;
    __harness: {
      post(message: HostToWebview): void;
      clearPosted(): void;
      state(): unknown;
      newGlobals(): string[];
      frames(n?: number): Promise<void>;
      chunk(text: string, minChunk?: number, maxChunk?: number, seed?: number): string[];
      stream(options: {
        id?: string;
        prompt?: string;
        text: string;
        minChunk?: number;
        maxChunk?: number;
        chunksPerBatch?: number;
        status?: Exclude<TurnStatus, 'streaming'>;
        stats?: AnswerStats;
        error?: TurnError;
        finish?: boolean;
      }): Promise<{ id: string; batches: number; chunks: number; ms: number }>;
    };
  }
}
