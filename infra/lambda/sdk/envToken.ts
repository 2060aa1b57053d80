/**
 * Stands in for `@aws-sdk/token-providers` in the Lambda bundle (LAMBDA_SDK_ALIASES in
 * infra/lib/ask-bedrock-stack.ts). The function signs with its IAM role; a Bedrock API key in
 * its environment (AWS_BEARER_TOKEN_BEDROCK) still works, but SSO tokens from a developer's
 * login, with the SSO OIDC client they need, have no place in Lambda.
 */
type TokenProvider = () => Promise<{ token: string }>;

/** The token in AWS_BEARER_TOKEN_<SIGNING NAME>, like the SDK's provider of the same name. */
export const fromEnvSigningName =
  ({ signingName }: { signingName?: string } = {}): TokenProvider =>
  async () => {
    const name = `AWS_BEARER_TOKEN_${(signingName ?? '').replace(/[\s-]/g, '_').toUpperCase()}`;
    const token = process.env[name];
    if (!token) throw new Error(`No bearer token: ${name} is not set.`);
    return { token };
  };

/** SSO sign-in tokens do not exist in Lambda. */
export const nodeProvider =
  (): TokenProvider =>
  async () => {
    throw new Error('No bearer token: this function signs requests with its IAM role (SSO tokens are not available in Lambda).');
  };
