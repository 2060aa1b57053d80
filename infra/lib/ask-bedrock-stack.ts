/**
 * The AWS side of Ask Bedrock: REST API `POST /chat` (response transfer mode STREAM) → streaming
 * Lambda (Node.js, arm64) → Bedrock ConverseStream, and `GET /models` (the deployment's models) on
 * the same function and auth, with throttling, quotas, logs and an optional guardrail.
 */
import * as path from 'node:path';
import { Annotations, AssetStaging, Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { readPrices } from '../lambda/config';
import {
  AUTH_MODES,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_MESSAGES,
  DEFAULT_MAX_TOKENS_LIMIT,
  DEFAULT_MODEL_ID,
  isAuthMode,
  type AuthMode,
  type ModelPrices,
} from '../../src/protocol/wire';

/** How callers may authenticate; anything else is refused (an unknown mode must never mean "open"). */
export { AUTH_MODES, isAuthMode, type AuthMode };

export interface AskBedrockStackProps extends StackProps {
  /** How callers authenticate: SigV4 (default), an API key with a usage plan, or nothing. */
  auth?: AuthMode;
  /** Model or inference-profile ids the endpoint may call; the first is the default. */
  allowedModelIds?: string[];
  /** Upper bound on `maxTokens` per answer. Default 4096. */
  maxTokensLimit?: number;
  /** Request body limit in bytes. Default 256 KiB. */
  maxBodyBytes?: number;
  /** Most `messages` (turns) in one request. Default 200. */
  maxMessages?: number;
  /** Log prompt text in the function's log lines. Default false. */
  logPrompts?: boolean;
  /** Function timeout (also bounds the integration timeout, at most 15 min). Default 5 min. */
  functionTimeout?: Duration;
  memorySize?: number;
  /**
   * Reserved concurrency for the function: caps parallel answers, cost and Bedrock load.
   * Default 10; `'none'` leaves it unreserved (for accounts whose concurrency limit is too low to reserve any).
   */
  reservedConcurrency?: number | 'none';
  /** Stage throttling, requests per second and burst. Defaults 5 and 10. */
  throttleRateLimit?: number;
  throttleBurstLimit?: number;
  /** apiKey mode: requests per day per key. Default 1000. */
  dailyQuota?: number;
  /** Retention of the function and access logs. Default one month. */
  logRetention?: logs.RetentionDays;
  stageName?: string;
  /** USD per million tokens by allowed model id, published by `GET /models`. Default none. */
  modelPrices?: Record<string, ModelPrices>;
  /** A Bedrock guardrail (id or ARN) applied to every answer; needs `guardrailVersion`. Default none. */
  guardrailId?: string;
  /** The guardrail's version: a number, or DRAFT. */
  guardrailVersion?: string;
  /** ConverseStream's guardrail stream processing mode. Default sync (see infra/README.md for the trade-off). */
  guardrailStreamMode?: 'sync' | 'async';
  /** SSE heartbeat after this many seconds without output from Bedrock. Default 10. */
  heartbeatSeconds?: number;
}

/** The guardrail stream mode when none is given: nothing reaches the client before the guardrail assessed it. */
export const DEFAULT_GUARDRAIL_STREAM_MODE = 'sync';
const GUARDRAIL_ID = /^[a-z0-9]{1,64}$/;
const GUARDRAIL_ARN = /^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:guardrail\/[a-z0-9]{1,64}$/;
const GUARDRAIL_VERSION = /^(DRAFT|[1-9]\d{0,7})$/;

export const DEFAULT_ALLOWED_MODEL_IDS = [DEFAULT_MODEL_ID];
/** Where the Lambda bundle takes each package from (ES builds first); the bench bundles the same way. */
export const LAMBDA_MAIN_FIELDS = ['module', 'main'];
/**
 * SDK packages the Lambda bundle replaces with small stand-ins (infra/lambda/sdk/): credential
 * and token sources Lambda never uses, with the STS and SSO clients they bring, ~125 KB that a
 * cold start would parse for nothing. Paths are relative to the repository root, the directory
 * esbuild runs in: CDK's project root locally, its mount point in Docker (both set below), and
 * the bench's working directory.
 */
export const LAMBDA_SDK_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './infra/lambda/sdk/envCredentials.ts',
  '@aws-sdk/token-providers': './infra/lambda/sdk/envToken.ts',
};
/** The repository root: the npm workspace that holds the lock file and the aliased stand-ins. */
const REPO_ROOT = path.join(__dirname, '..', '..');
/** Parallel answers allowed by default: bounds cost and Bedrock load; opt out with reservedConcurrency=none. */
export const DEFAULT_RESERVED_CONCURRENCY = 10;
/** Prefixes of system-defined cross-Region inference profiles (`us.anthropic.…`, `global.…`). */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|ca|jp|au|global)\.(.+)$/;

export class AskBedrockStack extends Stack {
  readonly api: apigw.RestApi;
  readonly fn: NodejsFunction;
  /** The full URL to POST to (`…/chat`). */
  readonly endpointUrl: string;
  /** `GET` here for the deployment's models (`…/models`). */
  readonly modelsUrl: string;

  constructor(scope: Construct, id: string, props: AskBedrockStackProps = {}) {
    super(scope, id, props);
    const auth = props.auth ?? 'iam';
    if (!isAuthMode(auth)) throw new Error(`auth must be one of ${AUTH_MODES.join(', ')}; got ${JSON.stringify(auth)}.`);
    const models = props.allowedModelIds?.length ? props.allowedModelIds : DEFAULT_ALLOWED_MODEL_IDS;
    const timeout = props.functionTimeout ?? Duration.minutes(5);
    if (timeout.toSeconds() > 900) throw new Error('functionTimeout can be at most 15 minutes.');
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const guardrail = guardrailSettings(props);
    const prices = props.modelPrices ?? {};
    // The Lambda parses MODEL_PRICES the same way: a bad entry fails synth, not the first request.
    readPrices(JSON.stringify(prices));
    const unpriced = Object.keys(prices).filter((id) => !models.includes(id));
    if (unpriced.length > 0) throw new Error(`modelPrices names models that are not allowed: ${unpriced.join(', ')}.`);
    const heartbeatSeconds = props.heartbeatSeconds ?? DEFAULT_HEARTBEAT_MS / 1000;
    if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < 1) throw new Error('heartbeatSeconds must be a positive integer.');

    const fnLogs = new logs.LogGroup(this, 'FunctionLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
    this.fn = new NodejsFunction(this, 'ChatFunction', {
      entry: path.join(__dirname, '..', 'lambda', 'handler.ts'),
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout,
      logGroup: fnLogs,
      reservedConcurrentExecutions: props.reservedConcurrency === 'none' ? undefined : (props.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY),
      description: 'Ask Bedrock: streams Bedrock ConverseStream answers (SSE or plain text)',
      environment: {
        MODEL_ID: models[0],
        ALLOWED_MODEL_IDS: models.join(','),
        MAX_TOKENS_LIMIT: String(props.maxTokensLimit ?? DEFAULT_MAX_TOKENS_LIMIT),
        MAX_BODY_BYTES: String(props.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
        MAX_MESSAGES: String(props.maxMessages ?? DEFAULT_MAX_MESSAGES),
        LOG_PROMPTS: String(props.logPrompts ?? false),
        HEARTBEAT_MS: String(heartbeatSeconds * 1000),
        ...(Object.keys(prices).length > 0 ? { MODEL_PRICES: JSON.stringify(prices) } : {}),
        ...(guardrail ? { GUARDRAIL_ID: guardrail.id, GUARDRAIL_VERSION: guardrail.version, GUARDRAIL_STREAM_MODE: guardrail.streamMode } : {}),
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node24',
        format: OutputFormat.CJS,
        // The SDK's ES builds tree-shake to ~30 % less code than its CJS builds: a faster cold start.
        mainFields: LAMBDA_MAIN_FIELDS,
        esbuildArgs: { '--alias': Object.entries(LAMBDA_SDK_ALIASES).map(([pkg, file]) => `${pkg}=${file}`) },
        // Docker bundling mounts the project root here; the alias paths are relative to it.
        workingDirectory: AssetStaging.BUNDLING_INPUT_DIR,
        // Bundle the SDK too: the version we test is the version that runs.
        externalModules: [],
      },
    });
    for (const statement of invokeStatements(models)) this.fn.addToRolePolicy(statement);
    if (guardrail) {
      this.fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ApplyGuardrail', actions: ['bedrock:ApplyGuardrail'], resources: [guardrail.arn(this)] }));
    }

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `${this.stackName}-chat`,
      description: 'Ask Bedrock streaming endpoint',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        throttlingRateLimit: props.throttleRateLimit ?? 5,
        throttlingBurstLimit: props.throttleBurstLimit ?? 10,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const integration = new apigw.LambdaIntegration(this.fn, {
      responseTransferMode: apigw.ResponseTransferMode.STREAM,
      // Slightly longer than the function, so its own deadline handling ends the stream cleanly.
      timeout: Duration.seconds(Math.min(timeout.toSeconds() + 5, 900)),
    });
    const validator = new apigw.RequestValidator(this, 'BodyValidator', { restApi: this.api, validateRequestBody: true, validateRequestParameters: true });
    const chatModel = this.api.addModel('ChatRequest', {
      contentType: 'application/json',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, title: 'ChatRequest' },
    });
    // One authorization for both routes: /models tells which models a deployment allows and what they cost.
    const authorization = { authorizationType: auth === 'iam' ? apigw.AuthorizationType.IAM : apigw.AuthorizationType.NONE, apiKeyRequired: auth === 'apiKey' };
    const method = this.api.root.addResource('chat').addMethod('POST', integration, {
      ...authorization,
      requestValidator: validator,
      requestModels: { 'application/json': chatModel },
    });
    const modelsMethod = this.api.root.addResource('models').addMethod('GET', integration, authorization);

    this.endpointUrl = this.api.urlForPath('/chat');
    this.modelsUrl = this.api.urlForPath('/models');
    new CfnOutput(this, 'ChatEndpoint', { value: this.endpointUrl, description: 'POST here (askBedrock.endpoint)' });
    new CfnOutput(this, 'ModelsEndpoint', { value: this.modelsUrl, description: 'GET here: the allowed models, their limits and prices' });

    if (auth === 'apiKey') {
      const key = this.api.addApiKey('ApiKey', { description: 'Ask Bedrock client key' });
      const plan = this.api.addUsagePlan('UsagePlan', {
        throttle: { rateLimit: props.throttleRateLimit ?? 5, burstLimit: props.throttleBurstLimit ?? 10 },
        quota: { limit: props.dailyQuota ?? 1000, period: apigw.Period.DAY },
      });
      plan.addApiKey(key);
      plan.addApiStage({ stage: this.api.deploymentStage });
      new CfnOutput(this, 'ApiKeyId', {
        value: key.keyId,
        description: 'Get the key value with: aws apigateway get-api-key --include-value --api-key <id> --query value --output text',
      });
    }
    if (auth === 'none') {
      Annotations.of(this).addWarningV2(
        'ask-bedrock:auth-none',
        'auth=none: anyone who finds the endpoint URL can spend your Bedrock budget. Use auth=iam (default) or auth=apiKey unless this is a throwaway test.',
      );
    }

    new CfnOutput(this, 'VsCodeSettings', {
      value: Stack.of(this).toJsonString({ 'askBedrock.endpoint': this.endpointUrl, 'askBedrock.auth': auth, 'askBedrock.aws.region': Aws.REGION }),
      description: 'Paste into your VS Code user settings.json',
    });

    this.acknowledgeNagFindings(auth, [method, modelsMethod], models);
  }

  /** cdk-nag AwsSolutions findings we accept, each with its reason. */
  private acknowledgeNagFindings(auth: AuthMode, methods: apigw.Method[], models: string[]): void {
    const ack = (scope: Construct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
    for (const id of new Set(models)) {
      for (const arn of profileRoutes(id)?.foundationModels ?? []) {
        if (!arn.includes(':bedrock:*:')) continue;
        const finding = arn.replace(Aws.PARTITION, '<AWS::Partition>');
        ack(this.fn, `AwsSolutions-IAM5[Resource::${finding}]`, 'A cross-Region inference profile routes to its foundation model in several regions; Bedrock requires that model’s ARN in each of them. Only the region part is wildcarded, and the statement applies only through the allowed profile (bedrock:InferenceProfileArn condition).');
      }
    }
    ack(this.fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'The AWS managed basic execution policy only allows writing the function’s own logs.');
    ack(this.api, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', 'API Gateway’s account-level logging role needs this AWS managed policy to write access logs.');
    ack(this.api, 'AwsSolutions-APIG3', 'No WAF: callers are authenticated (IAM or API key) and throttled per stage/usage plan; a web ACL adds cost a personal endpoint does not need.');
    ack(this.api, 'AwsSolutions-APIG6', 'API Gateway produces no execution logs for streamed responses; access logs (JSON, with streaming timings) are enabled instead.');
    for (const method of methods) {
      ack(method, 'AwsSolutions-COG4', 'Callers are developers using their own AWS credentials (SigV4) or an API key, not a Cognito user pool.');
      if (auth !== 'iam') {
        ack(method, 'AwsSolutions-APIG4', auth === 'apiKey' ? 'Protected by an API key and a usage plan (throttle + daily quota).' : 'auth=none was requested explicitly; synth warns about it.');
      }
    }
  }
}

interface StackGuardrail {
  id: string;
  version: string;
  streamMode: 'sync' | 'async';
  /** The guardrail's exact ARN (no wildcard): the given ARN, or built from the id in this account and region. */
  arn(stack: Stack): string;
}

/** The guardrail props checked, or undefined without `guardrailId`; throws on a malformed one. */
function guardrailSettings(props: AskBedrockStackProps): StackGuardrail | undefined {
  const { guardrailId: id, guardrailVersion: version } = props;
  if (id === undefined) {
    if (version !== undefined || props.guardrailStreamMode !== undefined) throw new Error('guardrailVersion and guardrailStreamMode need a guardrailId.');
    return undefined;
  }
  if (!GUARDRAIL_ID.test(id) && !GUARDRAIL_ARN.test(id)) throw new Error(`guardrailId must be a guardrail id (lower-case letters and digits) or its ARN, got ${JSON.stringify(id)}.`);
  if (version === undefined || !GUARDRAIL_VERSION.test(version)) throw new Error(`guardrailVersion must be a version number or DRAFT, got ${JSON.stringify(version)}.`);
  const streamMode = props.guardrailStreamMode ?? DEFAULT_GUARDRAIL_STREAM_MODE;
  if (streamMode !== 'sync' && streamMode !== 'async') throw new Error(`guardrailStreamMode must be sync or async, got ${JSON.stringify(streamMode)}.`);
  return {
    id,
    version,
    streamMode,
    arn: (stack) => (GUARDRAIL_ARN.test(id) ? id : `arn:${Aws.PARTITION}:bedrock:${stack.region}:${stack.account}:guardrail/${id}`),
  };
}

const INVOKE_ACTION = 'bedrock:InvokeModelWithResponseStream';

/**
 * Invoke exactly the allowed models, nothing else: one statement for the plain models and the
 * inference profiles (exact ARNs), and per profile one for the foundation models it routes to,
 * valid only when the call comes through that profile (`bedrock:InferenceProfileArn`), as
 * Bedrock's "Prerequisites for inference profiles" describes.
 */
function invokeStatements(models: string[]): iam.PolicyStatement[] {
  const direct = new Set<string>();
  const routed: iam.PolicyStatement[] = [];
  for (const id of new Set(models)) {
    const routes = profileRoutes(id);
    if (!routes) {
      direct.add(`arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${id}`);
      continue;
    }
    direct.add(routes.profile);
    routed.push(
      new iam.PolicyStatement({
        actions: [INVOKE_ACTION],
        resources: routes.foundationModels,
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': routes.profile } },
      }),
    );
  }
  return [new iam.PolicyStatement({ sid: 'InvokeAllowedModels', actions: [INVOKE_ACTION], resources: [...direct] }), ...routed];
}

/**
 * For a system-defined inference profile id (`us.anthropic.…`): the profile's ARN in this account
 * and region, and the foundation model in every region it may route to (`*` only in the region
 * part, as Bedrock's docs require for cross-Region profiles; `global.` profiles also need the
 * region-less ARN). Undefined for a plain model id.
 */
function profileRoutes(modelId: string): { profile: string; foundationModels: string[] } | undefined {
  const m = PROFILE_PREFIX.exec(modelId);
  if (!m) return undefined;
  const [, prefix, model] = m;
  const foundationModels = [`arn:${Aws.PARTITION}:bedrock:*::foundation-model/${model}`];
  if (prefix === 'global') foundationModels.push(`arn:${Aws.PARTITION}:bedrock:::foundation-model/${model}`);
  return { profile: `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${modelId}`, foundationModels };
}

/** The stage's JSON access log line, with the response-streaming timings. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  apiKeyId: '$context.identity.apiKeyId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  responseTransferMode: '$context.integration.responseTransferMode',
  timeToAllHeaders: '$context.integration.timeToAllHeaders',
  timeToFirstContent: '$context.integration.timeToFirstContent',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
};
