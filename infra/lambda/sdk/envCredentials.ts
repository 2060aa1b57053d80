/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundle (LAMBDA_SDK_ALIASES in
 * infra/lib/ask-bedrock-stack.ts). A Node.js function (without SnapStart, which this stack does
 * not use) gets its role's credentials in the environment, the first source the SDK's default
 * chain tries; the chain's other sources (shared profiles, SSO, web identity, container and
 * instance metadata) and the STS and SSO clients they bring would only be parsed on every cold
 * start and never run.
 */
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: FromEnvInit = {}): ReturnType<typeof fromEnv> => fromEnv(init);
