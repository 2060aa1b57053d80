import { request, type Dispatcher } from './undici';
import type { ChatRequest, StreamEvent } from '../protocol';
import type { RequestAuth } from './auth';
import { decoderFor } from './decoders';
import { TransportError, errorFromException, errorFromResponse, redactSecrets } from './errors';

/** Events a caller sees: the stream always ends with `end`, or the iteration throws a TransportError. */
export type AnswerEvent = Exclude<StreamEvent, { type: 'error' }>;

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
}

const MAX_ERROR_BODY = 64 * 1024;
const ACCEPT = 'text/event-stream, text/plain;q=0.9, application/json;q=0.5';

/**
 * POSTs a chat request and yields the answer's events as they arrive. Every failure (HTTP
 * status, network, timeout, in-band `error` event, stream cut without `end`, abort) is thrown
 * as a TransportError with a message a person can act on; text already yielded stays valid.
 * Credentials sent with the request never appear in that message, even if the server echoes them.
 */
export async function* streamAnswer(config: TransportConfig, chat: ChatRequest, signal: AbortSignal): AsyncGenerator<AnswerEvent> {
  const secrets: string[] = [];
  try {
    yield* attempts(config, chat, signal, secrets);
  } catch (err) {
    throw redactSecrets(errorFromException(err, signal), secrets);
  }
}

/** streamAnswer without redaction; records every auth header value it sends in `secrets`. */
async function* attempts(config: TransportConfig, chat: ChatRequest, signal: AbortSignal, secrets: string[]): AsyncGenerator<AnswerEvent> {
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
    try {
      for await (const event of decode(response.body)) {
        if (event.type === 'error') {
          throw new TransportError('endpoint', `${event.message}${event.code ? ` (${event.code})` : ''}`, {
            code: event.code,
            retryable: event.retryable,
          });
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
    throw new TransportError('cut', 'The answer was cut off: the stream closed without an end marker (Lambda timeout or dropped connection). The text so far is kept.', {
      code: 'Truncated',
      retryable: true,
    });
  }
}

function parseEndpoint(endpoint: string): URL {
  const trimmed = endpoint.trim();
  if (!trimmed) {
    throw new TransportError('config', 'No endpoint is configured. Run "Ask Bedrock: Configure Endpoint" to set askBedrock.endpoint.', {
      code: 'NoEndpoint',
    });
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TransportError('config', `askBedrock.endpoint is not a valid URL: "${trimmed}".`, { code: 'BadEndpoint' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TransportError('config', `askBedrock.endpoint must be an http(s) URL, not "${url.protocol}".`, { code: 'BadEndpoint' });
  }
  return url;
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
