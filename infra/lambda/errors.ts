/** Bedrock errors → what the client sees (and what only the log sees). Mapped by name, once, here. */
import { ErrorCode } from '../../src/protocol/wire';
import { MAX_LOGGED_TEXT, sanitizeServiceText, truncate, withoutEchoes } from './redact';

export interface MappedError {
  /** HTTP status when the error is known before the first byte. */
  status: number;
  code: string;
  /** For the client: no request text, account id or role ARN; the service's own text at most MAX_SERVICE_TEXT characters. */
  message: string;
  /** The error's own text, for the log only (it may name the account and role, and quote the request). */
  detail: string;
  retryable: boolean;
}

interface Rule {
  status: number;
  retryable: boolean;
  hint?: string;
  /** The client sees only the hint: the service's text names the account and the function's role. */
  hintOnly?: boolean;
}

// Keys are exception names with the first letter upper-cased: in-stream exceptions arrive as
// `throttlingException`, HTTP errors as `ThrottlingException`.
const RULES: Record<string, Rule> = {
  AccessDeniedException: {
    status: 403,
    retryable: false,
    hint: "Bedrock denied access to this model. Check that it is enabled for the account in the Bedrock console (Model access) and that the function role may invoke it; the function's log has the details.",
    hintOnly: true,
  },
  ValidationException: { status: 400, retryable: false },
  ThrottlingException: { status: 429, retryable: true },
  ServiceQuotaExceededException: { status: 429, retryable: true },
  ServiceUnavailableException: { status: 503, retryable: true },
  ModelNotReadyException: { status: 503, retryable: true },
  ModelTimeoutException: { status: 504, retryable: true },
  InternalServerException: { status: 502, retryable: true },
  ModelStreamErrorException: { status: 502, retryable: true },
  ResourceNotFoundException: { status: 502, retryable: false, hint: 'The endpoint is configured with a model id Bedrock does not know in this region.' },
  ModelErrorException: { status: 502, retryable: false },
  // The SDK found no credentials (or token) to sign with: a deployment problem, not a lost connection.
  CredentialsProviderError: { status: 500, retryable: false, hint: 'The function has no AWS credentials to call Bedrock with: check its execution role.' },
  TokenProviderError: { status: 500, retryable: false, hint: 'The function has no AWS credentials to call Bedrock with: check its execution role.' },
  [ErrorCode.Truncated]: { status: 502, retryable: true },
  MalformedToolUse: { status: 502, retryable: true },
  [ErrorCode.Timeout]: { status: 504, retryable: false },
};

/**
 * Maps an error thrown by the SDK (or a protocol-level failure) to a status, code and retryability.
 * `requestTexts` (the request's messages and system prompt) are cut out of the client's message.
 */
export function mapError(err: unknown, requestTexts: readonly string[] = []): MappedError {
  const raw = err instanceof Error && err.message ? err.message : '';
  if (isConnectionError(err)) {
    const cause = raw ? ` (${raw})` : '';
    const mapped = mapError(new StreamError(ErrorCode.Truncated, `The connection to Bedrock was lost before the answer was complete${cause}.`), requestTexts);
    return { ...mapped, detail: raw };
  }
  const name = errorName(err);
  const rule: Rule = RULES[name] ?? { status: 502, retryable: false };
  // Echoes go first, while the text still matches the request byte for byte.
  const said = raw ? sanitizeServiceText(withoutEchoes(truncate(raw, MAX_LOGGED_TEXT), requestTexts)) : 'Bedrock reported an error.';
  const message = !rule.hint ? said : rule.hintOnly ? rule.hint : `${said} ${rule.hint}`;
  return { status: rule.status, code: name || ErrorCode.Internal, message, detail: raw, retryable: rule.retryable };
}

/** A protocol-level error (Truncated, Timeout) as something mapError understands. */
export class StreamError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** Not a service exception (those carry `$fault`) nor ours: a socket or h2 failure, i.e. the stream was cut. */
function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof StreamError || '$fault' in err || RULES[errorName(err)]) return false;
  return !(err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError || err instanceof ReferenceError);
}

function errorName(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  if (!name || name === 'Error') return '';
  return name[0].toUpperCase() + name.slice(1);
}
