import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials, CredentialProvider, OutgoingRequest } from './auth';
import { TransportError } from './errors';

/**
 * SigV4 signing for `execute-api` with the AWS SDK's credential chain. Bundled separately
 * (dist/iam.js) and loaded only when auth is "iam", so other users never load the SDK.
 */

/** The SDK's default chain (env, profile, SSO, process, IMDS…), memoized and refreshed by the SDK. */
export function sdkCredentials(profile: string | undefined): CredentialProvider {
  return defaultProvider(profile ? { profile } : {});
}

/** Signs `request` for `region` and returns the headers to add. */
export async function signRequest(
  request: OutgoingRequest,
  region: string,
  provider: CredentialProvider,
  profile: string | undefined,
  signingDate?: Date,
): Promise<Record<string, string>> {
  const credentials = await loadCredentials(provider, profile);
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256, applyChecksum: true });
  const unsigned = new HttpRequest({
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    port: request.url.port ? Number(request.url.port) : undefined,
    path: request.url.pathname,
    query: Object.fromEntries(request.url.searchParams),
    headers: { ...request.headers, host: request.url.host },
    body: request.body,
  });
  const signed = await signer.sign(unsigned, signingDate ? { signingDate } : {});
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    if (!(name in request.headers) && name !== 'host') added[name] = value;
  }
  return added;
}

async function loadCredentials(provider: CredentialProvider, profile: string | undefined): Promise<AwsCredentials> {
  const which = profile ? ` --profile ${profile}` : '';
  let credentials: AwsCredentials;
  try {
    credentials = await provider();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/sso|token.*(expired|invalid)|refresh/i.test(message)) {
      throw new TransportError('credentials', `Your AWS SSO session has expired or is missing. Run \`aws sso login${which}\` and try again.`, {
        code: 'ExpiredCredentials',
        cause: err,
      });
    }
    throw new TransportError(
      'credentials',
      `Could not load AWS credentials${profile ? ` for profile "${profile}"` : ''}: ${message}. Set askBedrock.aws.profile, or configure credentials with \`aws configure\` or \`aws sso login${which}\`.`,
      { code: 'NoCredentials', cause: err },
    );
  }
  if (credentials.expiration && credentials.expiration.getTime() <= Date.now()) {
    throw new TransportError('credentials', `Your AWS credentials have expired. Run \`aws sso login${which}\` (or refresh them) and try again.`, {
      code: 'ExpiredCredentials',
    });
  }
  return credentials;
}
