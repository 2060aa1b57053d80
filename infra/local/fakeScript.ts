/**
 * How one fake Bedrock answer behaves (a FakeScript), and the directives that set it from the
 * prompt. Directives, anywhere in the last user message (tests going through every layer use them):
 *   [[fake:throttle]]         HTTP 429 ThrottlingException before the stream
 *   [[fake:validation]]       HTTP 400 ValidationException before the stream
 *   [[fake:access-denied]]    HTTP 403 AccessDeniedException before the stream
 *   [[fake:unavailable]]      HTTP 503 ServiceUnavailableException before the stream
 *   [[fake:mid-throttle]]     some text, then an in-stream throttlingException
 *   [[fake:mid-model-error]]  some text, then an in-stream modelStreamErrorException
 *   [[fake:drop]]             some text, then the connection is destroyed
 *   [[fake:stall]]            some text, then nothing (the connection stays open)
 *   [[fake:no-stop]]          the whole text, then the stream ends without messageStop
 *   [[fake:deltas=N]]         N short deltas of mixed Japanese/ASCII, as fast as possible
 *   [[fake:rate=N]]           N deltas per second for this answer
 *   [[fake:first=N]]          first delta after N ms
 *   [[fake:echo]]             the answer is the last user message, byte for byte
 *   [[fake:fenced]]           the answer is only a fenced code block (for insert-at-cursor)
 *   [[fake:reason]]           reason first even if the request did not ask for thinking
 *   [[fake:silent-reason:N]]  N ms of silence after messageStart (a model reasoning unseen), then the answer
 *   [[fake:reason-for:N]]    reasoning deltas paced evenly over N ms (one every ~200 ms), then the signature, then the answer
 *   [[fake:redacted]]         with thinking: the reasoning block comes redacted (redactedContent)
 *   [[fake:guardrail]]        with a guardrailConfig: the guardrail blocks the output (stopReason guardrail_intervened)
 *   [[fake:guardrail:input]]  with a guardrailConfig: the guardrail blocks the input
 *   [[fake:stop:R]]           part of the answer, then stopReason R (max_tokens, content_filtered, …)
 * Tools need no directive: a forced toolChoice, or a prompt naming a given tool, yields a call;
 *   [[fake:tool:NAME]]        call the offered tool NAME (toolChoice auto) — fakeToolUse.ts
 *   [[fake:input:KEY=VALUE]]  with it: the call's input has KEY = VALUE (e.g. a file path)
 * The same behaviour can be queued programmatically: `fake.enqueue({ fault: 'mid-throttle' })`
 * applies to the next request (directives in that request still win).
 */
import { STOP_REASONS } from '../../src/protocol/wire';

export type PreStreamFault = 'throttle' | 'validation' | 'access-denied' | 'unavailable';
export type MidStreamFault = 'mid-throttle' | 'mid-model-error' | 'drop' | 'stall' | 'no-stop';
export type FakeFault = PreStreamFault | MidStreamFault;

/** How one answer behaves. Every field is optional; unset ones come from the server options. */
export interface FakeScript {
  fault?: FakeFault;
  /** The answer text (default: the demo answer, or the echo). */
  text?: string;
  /** Instead of text: N short mixed Japanese/ASCII deltas with no delay. */
  deltas?: number;
  /** Instead of text: exactly these deltas, with no delay. */
  pieces?: readonly string[];
  echo?: boolean;
  fenced?: boolean;
  firstTokenDelayMs?: number;
  tokensPerSecond?: number;
  /** Deltas sent before a mid-stream fault (default 3). */
  faultAfterDeltas?: number;
  stopReason?: string;
  /** Reason (reasoning deltas, then the signature) even without a thinking request. */
  reason?: boolean;
  /** Silence after messageStart before anything else (ms). */
  silentReasonMs?: number;
  /** Reason (as `reason`) with the deltas spread evenly over this many ms before the answer. */
  reasonForMs?: number;
  /** The reasoning block is redacted. */
  redacted?: boolean;
  /** The attached guardrail intervenes on the model's output or on the input. */
  guardrail?: 'output' | 'input';
}

/** One `[[fake:name]]`, `[[fake:name=N]]` or `[[fake:name:value]]` directive. */
export const DIRECTIVE = /\[\[fake:([a-z-]+)(?:[=:]([\w-]+))?\]\]/g;
const FAULTS: readonly FakeFault[] = ['throttle', 'validation', 'access-denied', 'unavailable', 'mid-throttle', 'mid-model-error', 'drop', 'stall', 'no-stop'];

/** Reads the `[[fake:…]]` directives in a prompt into a script. */
export function parseDirectives(prompt: string): FakeScript {
  const script: FakeScript = {};
  for (const [, name, value] of prompt.matchAll(DIRECTIVE)) {
    const n = value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);
    if ((FAULTS as readonly string[]).includes(name)) script.fault = name as FakeFault;
    else if (name === 'deltas' && n !== undefined) script.deltas = n;
    else if (name === 'rate' && n !== undefined) script.tokensPerSecond = n;
    else if (name === 'first' && n !== undefined) script.firstTokenDelayMs = n;
    else if (name === 'echo') script.echo = true;
    else if (name === 'fenced') script.fenced = true;
    else if (name === 'reason') script.reason = true;
    else if (name === 'silent-reason' && n !== undefined) script.silentReasonMs = n;
    else if (name === 'reason-for' && n !== undefined) script.reasonForMs = n;
    else if (name === 'redacted') script.redacted = true;
    else if (name === 'guardrail') script.guardrail = value === 'input' ? 'input' : 'output';
    else if (name === 'stop' && value && (STOP_REASONS as readonly string[]).includes(value)) script.stopReason = value;
  }
  return script;
}

/** The error response of each pre-stream fault, as Bedrock answers it. */
export const PRE_STREAM_ERRORS: Record<PreStreamFault, { status: number; type: string; message: string }> = {
  throttle: { status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
  validation: { status: 400, type: 'ValidationException', message: 'Malformed input request, please reformat your input and try again.' },
  'access-denied': { status: 403, type: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." },
  unavailable: { status: 503, type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' },
};
