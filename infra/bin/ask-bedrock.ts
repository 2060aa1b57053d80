/**
 * The CDK app. Settings come from context (`-c key=value` or cdk.json), see infra/README.md:
 *   auth=iam|apiKey|none  allowedModelIds=a,b  maxTokensLimit  maxBodyBytes  maxMessages  logPrompts=true
 *   functionTimeoutSeconds  memorySize  reservedConcurrency  throttleRateLimit  throttleBurstLimit
 *   dailyQuota  logRetentionDays  stageName  stackName
 */
import { App, Duration, Validations } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AskBedrockStack, AUTH_MODES, isAuthMode, type AskBedrockStackProps } from '../lib/ask-bedrock-stack';

/** Reads the stack props from the app's context; throws with a clear message on bad values. */
export function propsFromContext(app: App): AskBedrockStackProps {
  const get = (key: string): string | undefined => {
    const v: unknown = app.node.tryGetContext(key);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const num = (key: string): number | undefined => {
    const raw = get(key);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`Context "${key}" must be a positive integer, got "${raw}".`);
    return n;
  };
  const auth = get('auth') ?? 'iam';
  if (!isAuthMode(auth)) throw new Error(`Context "auth" must be one of ${AUTH_MODES.join(', ')} (case-sensitive), got ${JSON.stringify(auth)}.`);
  const timeout = num('functionTimeoutSeconds');
  return {
    auth,
    allowedModelIds: get('allowedModelIds')?.split(',').map((s) => s.trim()).filter(Boolean),
    maxTokensLimit: num('maxTokensLimit'),
    maxBodyBytes: num('maxBodyBytes'),
    maxMessages: num('maxMessages'),
    logPrompts: get('logPrompts') === 'true',
    functionTimeout: timeout ? Duration.seconds(timeout) : undefined,
    memorySize: num('memorySize'),
    reservedConcurrency: get('reservedConcurrency') === 'none' ? 'none' : num('reservedConcurrency'),
    throttleRateLimit: num('throttleRateLimit'),
    throttleBurstLimit: num('throttleBurstLimit'),
    dailyQuota: num('dailyQuota'),
    logRetention: num('logRetentionDays') as RetentionDays | undefined,
    stageName: get('stageName'),
  };
}

/** Builds the app (also used by the tests). */
export function buildApp(app = new App()): { app: App; stack: AskBedrockStack } {
  // No account/region here: `cdk synth` works offline; `cdk deploy` uses the CLI's profile.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new AskBedrockStack(app, String(app.node.tryGetContext('stackName') ?? 'AskBedrock'), {
    ...propsFromContext(app),
    ...(account && region ? { env: { account, region } } : {}),
    description: 'Ask Bedrock: streaming endpoint (API Gateway REST STREAM → Lambda → Bedrock ConverseStream)',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (require.main === module) {
  buildApp().app.synth();
}
