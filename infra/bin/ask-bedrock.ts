/**
 * The CDK app. Settings come from context (`-c key=value` or cdk.json), see infra/README.md:
 *   auth=iam|apiKey|none  allowedModelIds=a,b  maxTokensLimit  maxBodyBytes  maxMessages  logPrompts=true
 *   functionTimeoutSeconds  memorySize  reservedConcurrency  throttleRateLimit  throttleBurstLimit
 *   dailyQuota  logRetentionDays  stageName  stackName
 *   modelPrices='{"<id>":{"inputPerMTok":3,"outputPerMTok":15}}'  guardrailId  guardrailVersion
 *   guardrailStreamMode=sync|async  heartbeatSeconds
 */
import { App, Duration, Validations } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AskBedrockStack, AUTH_MODES, isAuthMode, type AskBedrockStackProps } from '../lib/ask-bedrock-stack';
import { readPrices } from '../lambda/config';

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
  const streamMode = get('guardrailStreamMode');
  if (streamMode !== undefined && streamMode !== 'sync' && streamMode !== 'async') {
    throw new Error(`Context "guardrailStreamMode" must be sync or async, got ${JSON.stringify(streamMode)}.`);
  }
  // cdk.json may hold the prices as an object; -c gives a JSON string.
  const rawPrices: unknown = app.node.tryGetContext('modelPrices');
  const modelPrices = rawPrices === undefined || rawPrices === null || rawPrices === '' ? undefined : contextPrices(rawPrices);
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
    modelPrices,
    guardrailId: get('guardrailId'),
    guardrailVersion: get('guardrailVersion'),
    guardrailStreamMode: streamMode,
    heartbeatSeconds: num('heartbeatSeconds'),
  };
}

function contextPrices(raw: unknown): AskBedrockStackProps['modelPrices'] {
  try {
    return readPrices(typeof raw === 'string' ? raw : JSON.stringify(raw));
  } catch (err) {
    throw new Error(`Context "modelPrices": ${(err as Error).message}`);
  }
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
