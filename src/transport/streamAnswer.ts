import { request, type Dispatcher } from './lazyUndici';
import type { ChatRequest, StreamEvent } from '../protocol/wire';
import { DEFAULT_ANSWER_LIMITS, answerTooLarge, startAnswerDeadline, type AnswerLimits } from './answerLimits';
import type { RequestAuth } from './auth';
import { decoderFor } from './decoders';
import { checkEndpointUrl } from './endpointUrl';
import { TransportError, errorFromException, errorFromResponse, redactSecrets } from './errors';
import * as l10n from '../util/l10n';

/** Events a caller sees: the stream always ends with `end`, or the iteration throws a TransportError. */
export type AnswerEvent = Exclude<StreamEvent, { type: 'error' }>;

/** Streams one answer; the transport (EndpointClient.stream) in production, a fake in unit tests. */
export type AnswerSource = (request: ChatRequest, signal: AbortSignal) => AsyncIterable<AnswerEvent>;

export interface TransportLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface TransportConfig {
  endpoint: string;
  auth: RequestAuth;
  dispatcher: Dispatcher;
  /** Longest Retry-After honoured automatically before the first byte (longer: the error is shown). */
  maxAutoRetryAfterMs?: number;
  userAgent?: string;
  log?: TransportLog;
  /** Size and time bounds for one answer; DEFAULT_ANSWER_LIMITS when absent. */
  limits?: AnswerLimits;
}

const MAX_ERROR_BODY = 64 * 1024;
const ACCEPT = 'text/event-stream, text/plain;q=0.9, application/json;q=0.5';

/**
 * POSTs a chat request and yields the answer's events as they arrive. Every failure (HTTP
 * status, network, timeout, in-band `error` event, stream cut without `end`, abort) is thrown
 * as a TransportError with a message a person can act on; text already yielded stays valid.
 * Credentials sent with the request never appear in that message, even if the server echoes them.
 * An answer past its size or time limit (config.limits) ends in such an error too, the request aborted.
 */
export async function* streamAnswer(config: TransportConfig, chat: ChatRequest, signal: AbortSignal): AsyncGenerator<AnswerEvent> {
  const secrets: string[] = [];
  const limits = config.limits ?? DEFAULT_ANSWER_LIMITS;
  const deadline = startAnswerDeadline(signal, limits.maxMs);
  try {
    yield* attempts(config, chat, deadline.signal, secrets, limits.maxBytes);
  } catch (err) {
    throw redactSecrets(deadline.expired ?? errorFromException(err, signal), secrets);
  } finally {
    deadline.dispose();
  }
}

/** streamAnswer without redaction; records every auth header value it sends in `secrets`. */
async function* attempts(config: TransportConfig, chat: ChatRequest, signal: AbortSignal, secrets: string[], maxBytes: number): AsyncGenerator<AnswerEvent> {
  const url = parseEndpoint(config.endpoint);
  const body = JSON.stringify(chat);
  const started = Date.now();
  let retried = false;
  let credentialsRefreshed = false;

  for (;;) {
    if (signal.aborted) throw errorFromException(signal.reason, signal);
    const baseHeaders: Record<string, string> = {
      'content-type': 'application/json',
      accept: ACCEPT,
      'user-agent': config.userAgent ?? 'ask-bedrock-vscode',
    };
    const authHeaders = await config.auth.headers({ url, method: 'POST', headers: baseHeaders, body });
    secrets.push(...Object.values(authHeaders));

    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'POST',
        headers: { ...baseHeaders, ...authHeaders },
        body,
        signal,
        dispatcher: config.dispatcher,
      });
    } catch (err) {
      throw errorFromException(err, signal);
    }

    const requestId = header(response.headers, 'x-amzn-requestid') ?? header(response.headers, 'apigw-requestid');
    config.log?.debug(`HTTP ${response.statusCode} in ${Date.now() - started} ms${requestId ? ` (request ${requestId})` : ''}`);

    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await readLimited(response.body, signal);
      const failure = errorFromResponse(response.statusCode, text, header(response.headers, 'retry-after'));
      const wait = failure.options.retryAfterMs;
      if (!retried && failure.kind === 'throttled' && wait !== undefined && wait <= (config.maxAutoRetryAfterMs ?? 15_000)) {
        retried = true;
        config.log?.info(`Throttled; retrying once after ${wait} ms as Retry-After asks.`);
        await sleep(wait, signal);
        continue;
      }
      if (!credentialsRefreshed && failure.kind === 'auth' && config.auth.invalidate && /expired|security token/i.test(text)) {
        credentialsRefreshed = true;
        config.auth.invalidate();
        config.log?.info('Credentials were rejected as expired; reloading them once.');
        continue;
      }
      throw failure;
    }

    const decode = decoderFor(header(response.headers, 'content-type'));
    let ended = false;
    let answerBytes = 0;
    try {
      for await (const event of decode(response.body)) {
        if (event.type === 'error') {
          throw new TransportError('endpoint', `${event.message}${event.code ? ` (${event.code})` : ''}`, {
            code: event.code,
            retryable: event.retryable,
          });
        }
        const held = heldBytes(event);
        if (held > 0) {
          answerBytes += held;
          if (answerBytes > maxBytes) throw answerTooLarge(maxBytes);
        }
        if (event.type === 'end') ended = true;
        yield event;
        if (ended) return;
      }
    } catch (err) {
      throw errorFromException(err, signal);
    } finally {
      if (!ended) response.body.destroy();
    }
    if (signal.aborted) throw errorFromException(signal.reason, signal);
    throw new TransportError('cut', l10n.t('The answer was cut off: the stream closed without an end marker (Lambda timeout or dropped connection). The text so far is kept.'), {
      code: 'Truncated',
      retryable: true,
    });
  }
}

/** UTF-8 bytes an event adds to what the caller keeps: answer text, and reasoning and tool input too (they cost memory the same). */
function heldBytes(event: AnswerEvent): number {
  if (event.type === 'delta') return Buffer.byteLength(event.text);
  if (event.type === 'toolUse') return Buffer.byteLength(JSON.stringify(event.input) ?? '');
  if (event.type !== 'reasoning') return 0;
  return Buffer.byteLength('text' in event ? event.text : 'signature' in event ? event.signature : event.redacted);
}

/** The endpoint setting as a URL, or the config TransportError that says how to fix it. */
export function parseEndpoint(endpoint: string): URL {
  const checked = checkEndpointUrl(endpoint);
  if (checked.ok) return checked.url;
  if (checked.reason === 'empty') {
    throw new TransportError('config', l10n.t('No endpoint is configured. Run "Ask Bedrock: Configure Endpoint" to set askBedrock.endpoint.'), {
      code: 'NoEndpoint',
    });
  }
  throw new TransportError('config', `${checked.message} ${l10n.t('Run "Ask Bedrock: Configure Endpoint" to change askBedrock.endpoint.')}`, { code: 'BadEndpoint' });
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readLimited(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  try {
    for await (const chunk of body) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      if (text.length > MAX_ERROR_BODY) {
        body.destroy();
        break;
      }
    }
  } catch (err) {
    if (signal.aborted) throw errorFromException(err, signal);
    // a body cut mid-error still has a status worth reporting
  }
  return text;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(errorFromException(signal.reason, signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(errorFromException(signal.reason, signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
