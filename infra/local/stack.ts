/**
 * The local stack: the real Lambda handler behind the local API Gateway, talking to the fake
 * Bedrock (default) or to real Bedrock with your credentials (`bedrock: 'aws'`).
 * Used by `npm run local`, `npm start` and the tests.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DEFAULT_MODEL_ID, type AuthMode } from '../../src/protocol/wire';
import { readConfig } from '../lambda/config';
import { createHandler } from '../lambda/handler';
import { LocalApiGateway, type ResponseTransferMode } from './apiGateway';
import { FakeBedrock } from './fakeBedrock';
import { startFakeSts, type FakeSts } from './fakeSts';
import { localLambdaRuntime } from './lambdaShim';

export type { FakeBedrock } from './fakeBedrock';

/** Model ids the local stack allows with the fake (the first is the default). */
export const LOCAL_MODEL_IDS = [DEFAULT_MODEL_ID, 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'demo'];

/** Starts the local stack; `close()` stops everything it started. */
export async function startLocalStack(opts?: {
  port?: number;
  host?: string;
  auth?: AuthMode;
  apiKey?: string;
  iamCredentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  bedrock?: 'fake' | 'aws';
  fake?: { firstTokenDelayMs?: number; tokensPerSecond?: number; now?: () => number };
  /**
   * The Lambda's environment as the CDK stack sets it (ALLOWED_MODEL_IDS, MODEL_ID, MAX_TOKENS_LIMIT,
   * MAX_BODY_BYTES, MAX_MESSAGES, MODEL_PRICES, GUARDRAIL_ID, GUARDRAIL_VERSION, GUARDRAIL_STREAM_MODE,
   * HEARTBEAT_MS); overrides the process environment, which `npm run local` passes through.
   */
  env?: Record<string, string>;
  functionTimeoutMs?: number;
  /** BUFFERED: the gateway holds each response until the Lambda ends, like an integration without streaming (default STREAM). */
  responseTransferMode?: ResponseTransferMode;
  log?: (line: string) => void;
}): Promise<{ endpoint: string; modelsUrl: string; url: string; fake?: FakeBedrock; sts?: FakeSts; close(): Promise<void> }> {
  const o = opts ?? {};
  const auth = o.auth ?? 'none';
  const region = o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (auth === 'apiKey' && !o.apiKey) throw new Error('auth "apiKey" needs an apiKey.');
  if (auth === 'iam' && !o.iamCredentials) throw new Error('auth "iam" needs iamCredentials.');

  let fake: FakeBedrock | undefined;
  let client: BedrockRuntimeClient;
  const env: Record<string, string | undefined> = { ...process.env, ...o.env };
  if ((o.bedrock ?? 'fake') === 'fake') {
    fake = await FakeBedrock.start({ ...o.fake });
    // The real SDK client, pointed at the fake; the credentials are never checked.
    // No SDK retries against the fake, so each scripted fault maps to exactly one response.
    client = new BedrockRuntimeClient({ region, endpoint: fake.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    env.ALLOWED_MODEL_IDS ??= LOCAL_MODEL_IDS.join(',');
  } else {
    // Real Bedrock: the default credential chain and region, exactly as in Lambda.
    client = new BedrockRuntimeClient({ region });
  }
  const handler = createHandler({ client, config: readConfig(env), runtime: localLambdaRuntime, log: o.log ?? (() => {}) });

  let gateway: LocalApiGateway;
  try {
    gateway = await LocalApiGateway.start({
      handler: localLambdaRuntime.streamifyResponse(handler),
      port: o.port ?? 0,
      host: o.host ?? '127.0.0.1',
      auth,
      apiKey: o.apiKey,
      iamCredentials: o.iamCredentials,
      region,
      functionTimeoutMs: o.functionTimeoutMs,
      responseTransferMode: o.responseTransferMode,
      log: o.log,
    });
  } catch (err) {
    client.destroy();
    await fake?.close();
    throw err;
  }
  // With IAM auth, AWS STS for the same identity: the endpoint check asks it who signs (AWS_ENDPOINT_URL_STS).
  const sts = auth === 'iam' && o.iamCredentials ? await startFakeSts({ credentials: o.iamCredentials, region }) : undefined;
  const url = gateway.url;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `${url}/chat`,
    modelsUrl: `${url}/models`,
    url,
    ...(fake ? { fake } : {}),
    ...(sts ? { sts } : {}),
    close() {
      closed ??= (async () => {
        await gateway.close();
        await sts?.close();
        await fake?.close();
        client.destroy();
      })();
      return closed;
    },
  };
}
