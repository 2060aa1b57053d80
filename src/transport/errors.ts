import { parseErrorBody } from '../protocol/wire';
import { EXAMPLE_ENDPOINT_URL } from './endpointUrl';
import * as l10n from '../util/l10n';

/** What went wrong, in terms a person can act on. */
export type FailureKind =
  | 'config'
  | 'auth'
  | 'credentials'
  | 'notFound'
  | 'badRequest'
  | 'tooLarge'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cut'
  | 'protocol'
  | 'endpoint'
  | 'aborted';

/** A failed request or stream, with a message meant for the user. */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly options: { code?: string; status?: number; retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get code(): string {
    return this.options.code ?? this.kind;
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

const settingsHint = () => l10n.t('Check askBedrock.endpoint and askBedrock.auth in your user settings (Ask Bedrock: Configure Endpoint).');

/** The endpoint's own words as a suffix to our sentence: ` (detail)`, or nothing. */
const inParentheses = (detail: string) => (detail ? ` (${detail})` : '');

/** The endpoint's own words after a status: `: detail`, or nothing. */
const afterColon = (detail: string) => (detail ? `: ${detail}` : '');

/** Maps an HTTP error response (status, headers, body text) to a TransportError. */
export function errorFromResponse(status: number, body: string, retryAfterHeader?: string): TransportError {
  const parsed = parseErrorBody(body);
  const detail = parsed?.message ?? summarizeBody(body);
  const code = parsed?.code;
  const retryAfterMs = parseRetryAfter(retryAfterHeader);

  if (status === 401 || status === 403) {
    return new TransportError('auth', authMessage(status, detail), { status, code: code ?? `HTTP${status}` });
  }
  if (status === 404) {
    return new TransportError(
      'notFound',
      l10n.t('The endpoint answered 404 Not Found{0}. Check that askBedrock.endpoint is the full URL including the stage and resource, e.g. {1}.', inParentheses(detail), EXAMPLE_ENDPOINT_URL),
      { status, code: code ?? 'NotFound' },
    );
  }
  if (status === 413) {
    return new TransportError(
      'tooLarge',
      l10n.t('The request is too large for the endpoint{0}. Select less code or start a new chat to shorten the conversation.', inParentheses(detail)),
      { status, code: code ?? 'PayloadTooLarge' },
    );
  }
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : ` ${l10n.t('Try again in {0} s.', Math.ceil(retryAfterMs / 1000))}`;
    return new TransportError('throttled', `${l10n.t('Too many requests: the endpoint or Bedrock is throttling{0}.', inParentheses(detail))}${wait}`, {
      status,
      code: code ?? 'ThrottlingException',
      retryable: true,
      retryAfterMs,
    });
  }
  if (status === 400) {
    return new TransportError('badRequest', l10n.t('The endpoint rejected the request: {0}', detail || 'Bad Request'), {
      status,
      code: code ?? 'BadRequest',
    });
  }
  if (status === 504) {
    return new TransportError(
      'timeout',
      l10n.t('The endpoint timed out before answering ({0}). Try again; if it keeps happening, raise the Lambda and integration timeouts.', `504${afterColon(detail)}`),
      { status, code: code ?? 'GatewayTimeout', retryable: true, retryAfterMs },
    );
  }
  if (status >= 500) {
    return new TransportError('server', l10n.t('The endpoint failed with {0}. Try again.', `${status}${afterColon(detail)}`), {
      status,
      code: code ?? `HTTP${status}`,
      retryable: true,
      retryAfterMs,
    });
  }
  return new TransportError('server', l10n.t('The endpoint answered {0}.', `${status}${afterColon(detail)}`), { status, code: code ?? `HTTP${status}` });
}

function authMessage(status: number, detail: string): string {
  if (/missing authentication token/i.test(detail)) {
    return `${l10n.t('The endpoint rejected the request ({0} Missing Authentication Token): either the URL\'s path or method is wrong, or the API needs IAM auth and askBedrock.auth is not "iam".', status)} ${settingsHint()}`;
  }
  if (/signature.*does not match|credential should be scoped|signature expired|security token.*invalid/i.test(detail)) {
    return l10n.t('The endpoint rejected the request signature ({0}). Check askBedrock.aws.region and askBedrock.aws.profile; if you use SSO, run `aws sso login`.', `${status}: ${detail}`);
  }
  if (/not authorized|explicit deny|accessdenied/i.test(detail)) {
    return l10n.t('Your AWS identity may not call this API ({0}). It needs execute-api:Invoke on the API\'s /chat resource.', `${status}: ${detail}`);
  }
  if (/^forbidden$/i.test(detail.trim())) {
    return l10n.t('The endpoint answered 403 Forbidden: the API key is missing or wrong, or the API uses a different auth mode. Run "Ask Bedrock: Set API Key" or {0}', settingsHint());
  }
  return `${l10n.t('The endpoint refused access ({0}).', `${status}${afterColon(detail)}`)} ${settingsHint()}`;
}

/** Shorter values are not credentials (and would match ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** The error with every occurrence of a secret (e.g. an echoed API key) in its message replaced by `[redacted]`. */
export function redactSecrets(error: TransportError, secrets: readonly string[]): TransportError {
  const message = redactText(error.message, secrets);
  return message === error.message ? error : new TransportError(error.kind, message, error.options);
}

/** `text` with every occurrence of a secret (at least 8 characters) replaced by `[redacted]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) redacted = redacted.replaceAll(secret, '[redacted]');
  return redacted;
}

/** Reads `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A short, single-line excerpt of a non-JSON body (e.g. an HTML error page's title). */
function summarizeBody(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const NETWORK_MESSAGES: Record<string, () => string> = {
  ECONNREFUSED: () => l10n.t('Nothing is listening at the endpoint (connection refused). Is the endpoint URL right, and is the local stack running?'),
  ENOTFOUND: () => l10n.t('The endpoint host name could not be resolved. Check askBedrock.endpoint for typos.'),
  EAI_AGAIN: () => l10n.t('The endpoint host name could not be resolved right now (DNS). Check your network.'),
  ECONNRESET: () => l10n.t('The connection to the endpoint was reset.'),
  EPIPE: () => l10n.t('The connection to the endpoint was closed while sending.'),
  ETIMEDOUT: () => l10n.t('The connection to the endpoint timed out.'),
  EHOSTUNREACH: () => l10n.t('The endpoint host is unreachable from this machine.'),
  ENETUNREACH: () => l10n.t('The network is unreachable.'),
};

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME_MISMATCH|ERR_TLS_CERT)/;

/** Whether an error code is a TLS/certificate failure (the connection's security, not the network). */
export function isTlsCode(code: string): boolean {
  return TLS_CODES.test(code);
}

/** Maps a thrown network/undici error to a TransportError (abort and timeouts included). */
export function errorFromException(err: unknown, signal?: AbortSignal): TransportError {
  if (err instanceof TransportError) return err;
  if (signal?.aborted) {
    return new TransportError('aborted', l10n.t('Stopped.'), { code: 'Aborted', cause: err });
  }
  const code = findCode(err);
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TransportError('timeout', l10n.t('Could not connect to the endpoint in time (connect timeout). Check the URL and your network or proxy.'), {
        code: 'ConnectTimeout',
        retryable: true,
        cause: err,
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TransportError('timeout', l10n.t('The endpoint did not start answering in time (first-byte timeout).'), {
        code: 'FirstByteTimeout',
        retryable: true,
        cause: err,
      });
    case 'UND_ERR_BODY_TIMEOUT':
      return new TransportError('timeout', l10n.t('The answer stalled: nothing arrived within the idle timeout. The text so far is kept.'), {
        code: 'IdleTimeout',
        retryable: true,
        cause: err,
      });
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new TransportError('cut', l10n.t('The connection to the endpoint was closed unexpectedly. The text so far is kept.'), {
        code: 'ConnectionClosed',
        retryable: true,
        cause: err,
      });
  }
  if (code && NETWORK_MESSAGES[code]) {
    return new TransportError('network', NETWORK_MESSAGES[code](), { code, retryable: code !== 'ENOTFOUND', cause: err });
  }
  if (code && isTlsCode(code)) {
    return new TransportError('network', l10n.t('A secure connection to the endpoint could not be made ({0}). Check the URL, your proxy, and certificates.', code), {
      code,
      cause: err,
    });
  }
  return new TransportError('network', l10n.t('The request failed: {0}', message), { code: code ?? 'NetworkError', retryable: true, cause: err });
}

function findCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Call when a stream's loop has ended: if it ended because `signal` was aborted (Stop, cancel),
 * throws the 'aborted' error, so every caller reports the answer as stopped, not done.
 */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new TransportError('aborted', l10n.t('Stopped.'));
}
