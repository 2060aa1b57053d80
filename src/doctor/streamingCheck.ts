import type { ChatRequest } from '../protocol/wire';
import { streamAnswer } from '../transport/streamAnswer';
import type { Check } from './check';
import * as M from './messages';
import { streamVerdict } from './streamTiming';

/** Small, so a real model's answer costs next to nothing, but room for the twenty numbers the prompt asks for. */
const STREAM_CHECK_MAX_TOKENS = 48;
/** Chunks read before the answer is stopped: enough to see a spread; a fake that ignores maxTokens is not read to the end. */
const MAX_CHUNKS = 24;
/** The check stops waiting after this long and judges what arrived. */
const MAX_WAIT_MS = 30_000;

/**
 * A short real request through the transport (same auth, dispatcher and decoders as a question),
 * timed chunk by chunk: streamVerdict decides whether it streamed; the time to first byte is reported.
 */
export const streamingCheck: Check = {
  get title() {
    return M.titles.streaming;
  },
  blocking: true,
  async run(context, signal) {
    const settings = context.settings;
    const request: ChatRequest = { prompt: M.streaming.prompt, maxTokens: STREAM_CHECK_MAX_TOKENS, temperature: 0, ...(settings.modelId ? { modelId: settings.modelId } : {}) };
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    let waitedTooLong = false;
    const timer = setTimeout(() => {
      waitedTooLong = true;
      controller.abort();
    }, MAX_WAIT_MS);
    const chunkTimes: number[] = [];
    let firstByteAt: number | undefined;
    let model = '';
    const sentAt = performance.now();
    try {
      for await (const event of streamAnswer(await context.transportConfig(), request, controller.signal)) {
        const at = performance.now();
        firstByteAt ??= at;
        if (event.type === 'start') model = event.model;
        if (event.type === 'delta' || event.type === 'reasoning') chunkTimes.push(at);
        if (chunkTimes.length >= MAX_CHUNKS) break;
      }
    } catch (err) {
      if (!waitedTooLong || signal.aborted) return { status: 'fail', detail: M.streaming.failed(err instanceof Error ? err.message : String(err)), fix: M.streaming.failedFix };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
    if (firstByteAt === undefined) return { status: 'fail', detail: M.streaming.failed(M.streaming.nothingArrived(MAX_WAIT_MS / 1000)), fix: M.streaming.failedFix };

    const verdict = streamVerdict({ sentAt, firstByteAt, chunkTimes });
    context.answered = { model, firstByteMs: verdict.firstByteMs };
    if (verdict.kind === 'tooFew') return { status: 'info', detail: M.streaming.tooFew(verdict.chunks, verdict.firstByteMs) };
    if (verdict.kind === 'streams') return { status: 'pass', detail: M.streaming.streams(verdict.chunks, verdict.spreadMs, verdict.firstByteMs, verdict.totalMs) };
    const proxy = context.proxyFor(context.endpointUrl);
    return {
      status: 'fail',
      detail: M.streaming.buffered(verdict.chunks, verdict.spreadMs, verdict.firstByteMs) + (proxy ? M.streaming.bufferedViaProxy(proxy) : ''),
      fix: M.streaming.bufferedFix,
    };
  },
};
