/** Failures of a turn → the error the panel shows, with a way out the host can run (ErrorFix). */
import type { TurnError } from '../protocol/webview';
import type { TransportError } from '../transport/errors';
import * as l10n from '../util/l10n';
import type { ErrorFix } from './errorFix';

/** A turn's error and, when there is one, what its action button does. */
export interface TurnFailure {
  error: TurnError;
  fix?: ErrorFix;
}

/** The setting a 401/403 from the endpoint's API Gateway points at. */
const AUTH_SETTING = 'askBedrock.auth';

/** Codes of a 403 that Bedrock (behind the endpoint), not the API's auth, gave: the auth setting cannot fix them. */
const NOT_THE_API_AUTH = new Set(['AccessDeniedException', 'ModelNotAllowed']);

/** The command the credentials message tells the user to run (transport/auth words it), or a plain `aws sso login`. */
function ssoLoginCommand(message: string): string {
  return /`(aws sso login[^`]*)`/.exec(message)?.[1].trim() ?? 'aws sso login';
}

/**
 * The turn's error for a failed request: the transport's message (it already says what to do)
 * and, where one exists, an action — copy `aws sso login --profile …` for expired or missing
 * credentials, open the auth setting for a 401/403 from the API, Configure Endpoint for a missing
 * or malformed endpoint. `config` errors are not retryable (the settings must change first).
 */
export function transportFailure(failure: TransportError): TurnFailure {
  const error: TurnError = { message: failure.message, retryable: failure.retryable || failure.kind !== 'config' };
  const fix = fixFor(failure);
  if (!fix) return { error };
  return { error: { ...error, action: { label: actionLabel(fix) } }, fix };
}

function fixFor(failure: TransportError): ErrorFix | undefined {
  switch (failure.kind) {
    case 'credentials':
      return { kind: 'copyCommand', command: ssoLoginCommand(failure.message) };
    case 'auth':
      return NOT_THE_API_AUTH.has(failure.code) ? undefined : { kind: 'openSetting', setting: AUTH_SETTING };
    case 'config':
      return { kind: 'configureEndpoint' };
    default:
      return undefined;
  }
}

/** The button text of a fix. */
function actionLabel(fix: ErrorFix): string {
  switch (fix.kind) {
    case 'copyCommand':
      return l10n.t('Copy "{0}"', fix.command);
    case 'openSetting':
      return fix.setting === AUTH_SETTING ? l10n.t('Open auth setting') : l10n.t('Open setting');
    case 'configureEndpoint':
      return l10n.t('Configure Endpoint');
  }
}

/** The error of an answer the endpoint's guardrail stopped (stopReason guardrail_intervened): the policies it named, the text so far kept. */
export function guardrailFailure(policies: readonly string[]): TurnFailure {
  const message =
    policies.length > 0
      ? l10n.t('Stopped by the endpoint\'s guardrail (policies: {0}). The text so far is kept.', policies.join(', '))
      : l10n.t('Stopped by the endpoint\'s guardrail. The text so far is kept.');
  return { error: { message, retryable: true } };
}

/** The error of an answer Bedrock's content filter stopped (stopReason content_filtered). */
export function contentFilterFailure(): TurnFailure {
  return { error: { message: l10n.t('Stopped by Bedrock\'s content filter. The text so far is kept.'), retryable: true } };
}
