import { TransportError } from './errors';
import * as l10n from '../util/l10n';

/** How much one answer may cost the extension host, whatever the endpoint sends. */
export interface AnswerLimits {
  /** Most answer text (reasoning and tool input included), in UTF-8 bytes, one answer may bring (`askBedrock.limits.answerMegabytes`). */
  maxBytes: number;
  /** Longest one answer may take from sending the request to its end (`askBedrock.timeouts.answerSeconds`). */
  maxMs: number;
}

/** API Gateway's 10 MB unthrottled response and 15 min streaming limit, plus a margin. */
export const DEFAULT_ANSWER_LIMITS: AnswerLimits = { maxBytes: 16 * 2 ** 20, maxMs: 16 * 60_000 };

/** The error for an answer whose text passed `maxBytes`. */
export function answerTooLarge(maxBytes: number): TransportError {
  return new TransportError('tooLarge', l10n.t('The answer passed the {0} limit (askBedrock.limits.answerMegabytes), so it was stopped. The text so far is kept.', formatMegabytes(maxBytes)), {
    code: 'AnswerTooLarge',
  });
}

/** The error for an answer that ran past `maxMs`. */
export function answerTooLong(maxMs: number): TransportError {
  return new TransportError('timeout', l10n.t('The answer took longer than {0} (askBedrock.timeouts.answerSeconds), so it was stopped. The text so far is kept.', formatDuration(maxMs)), {
    code: 'AnswerTooLong',
    retryable: true,
  });
}

/** A signal that follows the caller's and also aborts (the HTTP request with it) once `maxMs` has passed. */
export interface AnswerDeadline {
  readonly signal: AbortSignal;
  /** The AnswerTooLong error once the deadline (not the caller) aborted the signal. */
  readonly expired: TransportError | undefined;
  dispose(): void;
}

/** Starts the answer's deadline now; dispose() when the answer is over. */
export function startAnswerDeadline(caller: AbortSignal, maxMs: number): AnswerDeadline {
  const controller = new AbortController();
  let expired: TransportError | undefined;
  const follow = () => controller.abort(caller.reason);
  if (caller.aborted) follow();
  else caller.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => {
    expired = answerTooLong(maxMs);
    controller.abort(expired);
  }, maxMs);
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    dispose() {
      clearTimeout(timer);
      caller.removeEventListener('abort', follow);
    },
  };
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / 2 ** 20;
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
