/** Bedrock errors → what the client sees. Mapped by name, once, here. */
import { ErrorCode } from '../../src/protocol';

export interface MappedError {
  /** HTTP status when the error is known before the first byte. */
  status: number;
  code: string;
  message: string;
  retryable: boolean;
}

interface Rule {
  status: number;
  retryable: boolean;
  hint?: string;
}

// Keys are exception names with the first letter upper-cased: in-stream exceptions arrive as
// `throttlingException`, HTTP errors as `ThrottlingException`.
const RULES: Record<string, Rule> = {
  AccessDeniedException: {
    status: 403,
    retryable: false,
    hint: 'Check that this model is enabled for the account in the Bedrock console (Model access) and that the function role may invoke it.',
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
  [ErrorCode.Timeout]: { status: 504, retryable: false },
};

/** Maps an error thrown by the SDK (or a protocol-level failure) to a status, code and retryability. */
export function mapError(err: unknown): MappedError {
  if (isConnectionError(err)) {
    const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
    return mapError(new StreamError(ErrorCode.Truncated, `The connection to Bedrock was lost before the answer was complete${detail}.`));
  }
  const name = errorName(err);
  const rule = RULES[name];
  const base = err instanceof Error && err.message ? err.message : 'Bedrock reported an error.';
  if (!rule) return { status: 502, code: name || ErrorCode.Internal, message: base, retryable: false };
  return { status: rule.status, code: name, message: rule.hint ? `${base} ${rule.hint}` : base, retryable: rule.retryable };
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
