/**
 * Stands in for `@aws-sdk/token-providers` in the Lambda bundle (LAMBDA_SDK_ALIASES in
 * infra/lib/ask-bedrock-stack.ts). The function signs with its IAM role; a Bedrock API key in
 * its environment (AWS_BEARER_TOKEN_BEDROCK) still works, but SSO tokens from a developer's
 * login, with the SSO OIDC client they need, have no place in Lambda.
 */
import { getBearerTokenEnvKey } from '@aws-sdk/core/httpAuthSchemes';
import { TokenProviderError } from '@smithy/core/config';

type TokenProvider = () => Promise<{ token: string }>;

/** The token in AWS_BEARER_TOKEN_<SIGNING NAME> (set, even if empty), as the SDK's provider of that name reads it. */
export const fromEnvSigningName =
  ({ signingName }: { signingName?: string } = {}): TokenProvider =>
  async () => {
    if (!signingName) throw new TokenProviderError("Please pass 'signingName' to compute environment variable key");
    const key = getBearerTokenEnvKey(signingName);
    if (!(key in process.env)) throw new TokenProviderError(`Token not present in '${key}' environment variable`);
    return { token: process.env[key] ?? '' };
  };

/** SSO sign-in tokens do not exist in Lambda. */
export const nodeProvider =
  (): TokenProvider =>
  async () => {
    throw new TokenProviderError('No bearer token: this function signs requests with its IAM role (SSO tokens are not available in Lambda).', { tryNextLink: false });
  };
