/**
 * Whether an answer streamed, from when its chunks arrived. A streamed answer's chunks arrive as
 * the model writes them, so they spread over a good part of the request; a buffering integration
 * or proxy holds them all and releases them together at the end, so they arrive within a few
 * milliseconds of one another after a long silence. The rule: with at least MIN_CHUNKS chunks, the
 * answer streams when the first-to-last spread is at least MIN_SPREAD_SHARE of the time from
 * sending the request to the last chunk, and at least MIN_SPREAD_MS (below that, timer noise).
 */

/** Fewer chunks cannot show a spread. */
const MIN_CHUNKS = 2;
/** Share of the whole request the chunks must spread over: a model writes a short answer over hundreds of ms, a buffer releases it in a few. */
export const MIN_SPREAD_SHARE = 0.1;
/** Below this a spread is noise (one network read decoded into several events). */
export const MIN_SPREAD_MS = 20;

/** When things arrived, in ms on one clock. */
export interface StreamTiming {
  sentAt: number;
  /** The first byte of the body (the first event of any kind). */
  firstByteAt: number;
  /** Each chunk of answer content (text, reasoning), in arrival order. */
  chunkTimes: readonly number[];
}

export interface StreamVerdict {
  kind: 'streams' | 'buffered' | 'tooFew';
  chunks: number;
  spreadMs: number;
  firstByteMs: number;
  totalMs: number;
}

/** Applies the rule above. */
export function streamVerdict(timing: StreamTiming): StreamVerdict {
  const chunks = timing.chunkTimes.length;
  const first = timing.chunkTimes[0] ?? timing.firstByteAt;
  const last = timing.chunkTimes[chunks - 1] ?? timing.firstByteAt;
  const spreadMs = Math.round(last - first);
  const totalMs = Math.round(last - timing.sentAt);
  const firstByteMs = Math.round(timing.firstByteAt - timing.sentAt);
  const base = { chunks, spreadMs, firstByteMs, totalMs };
  if (chunks < MIN_CHUNKS) return { kind: 'tooFew', ...base };
  const streams = spreadMs >= MIN_SPREAD_MS && spreadMs >= MIN_SPREAD_SHARE * totalMs;
  return { kind: streams ? 'streams' : 'buffered', ...base };
}
