import type { AuthMode } from '../protocol/wire';
import type { AwsCredentials, CredentialProvider, OutgoingRequest } from './authTypes';
import { TransportError } from './errors';
import * as l10n from '../util/l10n';

export type { AwsCredentials, CredentialProvider, OutgoingRequest };

/** Adds authentication headers to a request. */
export interface RequestAuth {
  readonly kind: AuthMode;
  /** Returns the headers to add (never logged). */
  headers(request: OutgoingRequest): Promise<Record<string, string>>;
  /** Drops cached credentials so the next request loads fresh ones. */
  invalidate?(): void;
}

/** No authentication: for endpoints deployed with `auth=none` and the local stack. */
export const noAuth: RequestAuth = {
  kind: 'none',
  async headers() {
    return {};
  },
};

/** API Gateway API key in `x-api-key`; the key is read from SecretStorage on each request. */
export function apiKeyAuth(readKey: () => PromiseLike<string | undefined>): RequestAuth {
  return {
    kind: 'apiKey',
    async headers() {
      const key = await readKey();
      if (!key) {
        throw new TransportError('config', l10n.t('askBedrock.auth is "apiKey" but no API key is set. Run "Ask Bedrock: Set API Key".'), {
          code: 'NoApiKey',
        });
      }
      return { 'x-api-key': key };
    },
  };
}

export interface IamAuthOptions {
  /** AWS profile name; empty for the default chain (env, default profile, SSO, IMDS…). */
  profile?: string;
  /** Region to sign for; derived from an execute-api host when empty. */
  region?: string;
  /** For tests: replaces the SDK's provider chain. */
  credentials?: CredentialProvider;
  /** Clock for signing; tests move it. */
  now?: () => Date;
  /** The service the signature is scoped to: `execute-api` (API Gateway) unless told; the endpoint check signs for `sts`. */
  service?: string;
}

/** SigV4 for API Gateway (`execute-api`) with credentials from the AWS SDK's provider chain. */
export function iamAuth(options: IamAuthOptions): RequestAuth {
  const profile = options.profile?.trim() || undefined;
  let provider: CredentialProvider | undefined = options.credentials;
  let signer: Promise<typeof import('./sigv4')> | undefined;

  return {
    kind: 'iam',
    invalidate() {
      provider = options.credentials;
    },
    async headers(request) {
      const region = options.region?.trim() || regionFromHost(request.url.hostname);
      if (!region) {
        throw new TransportError(
          'config',
          l10n.t('Cannot tell the AWS region from "{0}". Set askBedrock.aws.region (needed for IAM auth on custom domains).', request.url.hostname),
          { code: 'NoRegion' },
        );
      }
      signer ??= import('./sigv4');
      const sigv4 = await signer;
      provider ??= sigv4.sdkCredentials(profile);
      const credentials = await loadCredentials(provider, profile);
      return sigv4.signRequest(request, region, credentials, options.now?.(), options.service);
    },
  };
}

/** `abc.execute-api.eu-west-1.amazonaws.com` → `eu-west-1`; undefined for other hosts. */
export function regionFromHost(hostname: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/i.exec(hostname)?.[1]?.toLowerCase();
}

/** Loads credentials, turning expiry and SSO failures into messages that say what to run. */
async function loadCredentials(provider: CredentialProvider, profile: string | undefined): Promise<AwsCredentials> {
  const which = profile ? ` --profile ${profile}` : '';
  let credentials: AwsCredentials;
  try {
    credentials = await provider();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/sso|token.*(expired|invalid)|refresh/i.test(message)) {
      throw new TransportError('credentials', l10n.t('Your AWS SSO session has expired or is missing. Run `{0}` and try again.', `aws sso login${which}`), {
        code: 'ExpiredCredentials',
        cause: err,
      });
    }
    throw new TransportError(
      'credentials',
      profile
        ? l10n.t('Could not load AWS credentials for profile "{0}": {1}. Set askBedrock.aws.profile, or configure credentials with `aws configure` or `{2}`.', profile, message, `aws sso login${which}`)
        : l10n.t('Could not load AWS credentials: {0}. Set askBedrock.aws.profile, or configure credentials with `aws configure` or `{1}`.', message, `aws sso login${which}`),
      { code: 'NoCredentials', cause: err },
    );
  }
  if (credentials.expiration && credentials.expiration.getTime() <= Date.now()) {
    throw new TransportError('credentials', l10n.t('Your AWS credentials have expired. Run `{0}` (or refresh them) and try again.', `aws sso login${which}`), {
      code: 'ExpiredCredentials',
    });
  }
  return credentials;
}
