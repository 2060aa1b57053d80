import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials, CredentialProvider, OutgoingRequest } from './authTypes';

/**
 * SigV4 signing for `execute-api` with the AWS SDK's credential chain. Bundled separately
 * (dist/iam.js) and loaded only when auth is "iam", so other users never load the SDK.
 * It throws no TransportError: that class lives in the main bundle, and a copy here would
 * fail `instanceof` there. auth.ts loads the credentials and maps their errors.
 */

/** The SDK's default chain (env, profile, SSO, process, IMDS…), memoized and refreshed by the SDK. */
export function sdkCredentials(profile: string | undefined): CredentialProvider {
  return defaultProvider(profile ? { profile } : {});
}

/** Signs `request` for `service` (API Gateway's `execute-api` unless told) in `region` and returns the headers to add. */
export async function signRequest(request: OutgoingRequest, region: string, credentials: AwsCredentials, signingDate?: Date, service = 'execute-api'): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256, applyChecksum: true });
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
