import * as assert from 'node:assert/strict';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildApp } from '../../../../infra/bin/ask-bedrock';
import { AskBedrockStack, type AuthMode } from '../../../../infra/lib/ask-bedrock-stack';

type Cfn = unknown;

/** Flattens Fn::Join / Ref / GetAtt into a readable string, e.g. `arn:${AWS::Partition}:…`. */
function flat(value: Cfn): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return `\${${v.Ref}}`;
  if (Array.isArray(v['Fn::GetAtt'])) return `\${${(v['Fn::GetAtt'] as string[]).join('.')}}`;
  if (Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'] as [string, Cfn[]];
    return parts.map(flat).join(sep);
  }
  return JSON.stringify(value);
}

/** The app as `cdk synth` builds it, not synthesized yet (Template.fromStack would synth without validation). */
function nagApp(context: Record<string, unknown> = {}): { app: App; stack: AskBedrockStack } {
  return buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
}

/** The app exactly as `cdk synth` builds it (cdk-nag included), with `-c` context. Bundling skipped for speed. */
function synthApp(context: Record<string, unknown> = {}, bundle = false): { app: App; stack: AskBedrockStack; template: Template } {
  const app = new App({ context: { ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } });
  const { stack } = buildApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}

interface Statement {
  Action: unknown;
  Resource: Cfn[];
  Sid?: string;
  Condition?: Record<string, Record<string, Cfn>>;
}

function bedrockStatements(template: Template): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: (Omit<Statement, 'Resource'> & { Resource: Cfn | Cfn[] })[] = Object.values(policies).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument.Statement,
  );
  return statements
    .filter((s) => JSON.stringify(s.Action).includes('bedrock'))
    .map((s) => ({ ...s, Resource: Array.isArray(s.Resource) ? s.Resource : [s.Resource] }));
}

describe('infra/lib AskBedrockStack', function () {
  this.timeout(60_000);
  let iamDefault: ReturnType<typeof synthApp>;
  before(() => {
    iamDefault = synthApp({}, true);
  });

  it('POST /chat is a Lambda proxy integration in STREAM mode via response-streaming-invocations', () => {
    const methods = iamDefault.template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'POST' } });
    const [method] = Object.values(methods) as { Properties: { Integration: Record<string, Cfn> } }[];
    assert.ok(method, 'a POST method exists');
    const integration = method.Properties.Integration;
    assert.equal(integration.Type, 'AWS_PROXY');
    assert.equal(integration.ResponseTransferMode, 'STREAM');
    assert.match(flat(integration.Uri), /:lambda:path\/2021-11-15\/functions\/\$\{ChatFunction\w+\.Arn\}\/response-streaming-invocations$/);
    // Function timeout 5 min by default; the integration waits a little longer, never above 15 min.
    assert.equal(integration.TimeoutInMillis, 305_000);
    iamDefault.template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'chat' });
  });

  it('uses AWS_IAM auth by default, and no API key', () => {
    iamDefault.template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', ApiKeyRequired: false });
    iamDefault.template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    iamDefault.template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
  });

  it('the function: bundled Node.js ≥ 22 on arm64, env vars, timeout, log retention', () => {
    const t = iamDefault.template;
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: Match.stringLikeRegexp('^nodejs(2[2-9]|[3-9]\\d)\\.x$'),
      Architectures: ['arm64'],
      Timeout: 300,
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          MODEL_ID: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
          ALLOWED_MODEL_IDS: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
          MAX_TOKENS_LIMIT: '4096',
          MAX_BODY_BYTES: String(256 * 1024),
          MAX_MESSAGES: '200',
          LOG_PROMPTS: 'false',
        }),
      },
    });
    const fns = t.findResources('AWS::Lambda::Function');
    const fn = Object.values(fns)[0] as { Properties: { ReservedConcurrentExecutions?: number } };
    assert.equal(fn.Properties.ReservedConcurrentExecutions, 10, 'parallel answers are capped by default');
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
  });

  it('IAM: only bedrock:InvokeModelWithResponseStream on the profile + its foundation models, no wildcard resource', () => {
    const statements = bedrockStatements(iamDefault.template);
    assert.equal(statements.length, 2);
    for (const s of statements) assert.equal(s.Action, 'bedrock:InvokeModelWithResponseStream');
    const [direct, routed] = statements;
    assert.deepEqual(direct.Resource.map(flat), ['arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0']);
    assert.equal(direct.Condition, undefined);
    assert.deepEqual(routed.Resource.map(flat), ['arn:${AWS::Partition}:bedrock:*::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0']);
    const all = JSON.stringify(iamDefault.template.toJSON());
    assert.doesNotMatch(all, /bedrock:\*"/, 'no bedrock:* action');
    assert.doesNotMatch(all, /"Resource":"\*"/, 'no * resource');
  });

  it('IAM: the region-wildcarded foundation models are usable only through the allowed inference profile', () => {
    const profileArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0']],
    };
    iamDefault.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'bedrock:InvokeModelWithResponseStream',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:*::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0']] },
            Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
          }),
        ]),
      },
    });
    // Every statement with a wildcard in a resource carries the condition.
    for (const s of bedrockStatements(iamDefault.template)) {
      if (s.Resource.map(flat).some((arn) => arn.includes('*'))) {
        assert.ok(s.Condition?.StringEquals?.['bedrock:InferenceProfileArn'], `${JSON.stringify(s.Resource)} is conditioned on the profile`);
      }
    }
  });

  it('IAM: plain model ids, eu. and global. profiles map to exact ARNs', () => {
    const { template } = synthApp({ allowedModelIds: 'anthropic.claude-3-haiku-20240307-v1:0,eu.meta.llama3-2-1b-instruct-v1:0,global.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    const statements = bedrockStatements(template);
    const profile = (s: Statement) => (s.Condition ? flat(s.Condition.StringEquals['bedrock:InferenceProfileArn']) : 'none');
    assert.deepEqual(
      statements.map((s) => [profile(s), s.Resource.map(flat).sort()]),
      [
        [
          'none',
          [
            'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0',
            'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
            'arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          ],
        ],
        [
          'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0',
          ['arn:${AWS::Partition}:bedrock:*::foundation-model/meta.llama3-2-1b-instruct-v1:0'],
        ],
        [
          'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
          ['arn:${AWS::Partition}:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0', 'arn:${AWS::Partition}:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'],
        ],
      ],
    );
    for (const arn of statements.flatMap((s) => s.Resource.map(flat))) {
      assert.doesNotMatch(arn.split('/')[1], /\*/, `the model part of ${arn} is exact`);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0' }) },
    });
  });

  it('stage: throttling, JSON access logs with the streaming variables', () => {
    const stages = iamDefault.template.findResources('AWS::ApiGateway::Stage');
    const [stage] = Object.values(stages) as { Properties: Record<string, unknown> }[];
    const settings = (stage.Properties.MethodSettings as Record<string, unknown>[])[0];
    assert.equal(settings.ThrottlingRateLimit, 5);
    assert.equal(settings.ThrottlingBurstLimit, 10);
    const format = (stage.Properties.AccessLogSetting as { Format: string }).Format;
    const fields = JSON.parse(format) as Record<string, string>;
    assert.equal(fields.responseTransferMode, '$context.integration.responseTransferMode');
    assert.equal(fields.timeToFirstContent, '$context.integration.timeToFirstContent');
    assert.equal(fields.requestId, '$context.requestId');
  });

  it('outputs: the /chat endpoint and the VS Code settings to paste', () => {
    const outputs = iamDefault.template.toJSON().Outputs as Record<string, { Value: Cfn }>;
    assert.match(flat(outputs.ChatEndpoint.Value), /^https:\/\/\$\{ApiF\w+\}\.execute-api\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}\/\$\{ApiDeploymentStageprod\w+\}\/chat$/);
    const settings = flat(outputs.VsCodeSettings.Value);
    const parsed = JSON.parse(settings) as Record<string, string>;
    assert.equal(parsed['askBedrock.endpoint'], flat(outputs.ChatEndpoint.Value));
    assert.equal(parsed['askBedrock.auth'], 'iam');
    assert.equal(parsed['askBedrock.aws.region'], '${AWS::Region}');
    assert.equal(outputs.ApiKeyId, undefined);
  });

  it('context: timeout, reserved concurrency, throttling, retention, log prompts', () => {
    const { template } = synthApp({
      functionTimeoutSeconds: 900,
      reservedConcurrency: 3,
      throttleRateLimit: 2,
      throttleBurstLimit: 4,
      logRetentionDays: 7,
      logPrompts: 'true',
      maxTokensLimit: 1000,
      maxMessages: 50,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      ReservedConcurrentExecutions: 3,
      Environment: { Variables: Match.objectLike({ LOG_PROMPTS: 'true', MAX_TOKENS_LIMIT: '1000', MAX_MESSAGES: '50' }) },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { Integration: Match.objectLike({ TimeoutInMillis: 900_000 }) });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 })]),
    });
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 7 }, 2);
    assert.throws(() => synthApp({ maxMessages: 0 }), /maxMessages/);
    assert.throws(() => synthApp({ reservedConcurrency: 'many' }), /reservedConcurrency/);
    const unreserved = synthApp({ reservedConcurrency: 'none' }).template.findResources('AWS::Lambda::Function');
    assert.equal((Object.values(unreserved)[0] as { Properties: Record<string, unknown> }).Properties.ReservedConcurrentExecutions, undefined, '"none" opts out');
  });

  it('auth=apiKey: key required, API key + usage plan with throttle and daily quota, key id output', () => {
    const { template } = synthApp({ auth: 'apiKey', dailyQuota: 500 });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'NONE', ApiKeyRequired: true });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 5, BurstLimit: 10 },
      Quota: { Limit: 500, Period: 'DAY' },
      ApiStages: Match.arrayWith([Match.objectLike({ Stage: Match.anyValue() })]),
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    const outputs = template.toJSON().Outputs as Record<string, { Value: Cfn }>;
    assert.match(flat(outputs.ApiKeyId.Value), /^\$\{ApiApiKey\w+\}$/);
    assert.equal(JSON.parse(flat(outputs.VsCodeSettings.Value))['askBedrock.auth'], 'apiKey');
  });

  it('fails closed on an unknown auth mode, from context and from code', () => {
    for (const auth of ['IAM', 'ApiKey', 'NONE', 'open', 'foo', ' iam']) {
      assert.throws(() => synthApp({ auth }), /Context "auth" must be one of iam, apiKey, none/, `-c auth=${auth}`);
    }
    for (const auth of ['foo', 'IAM', '', 0, {}] as unknown[]) {
      assert.throws(
        () => new AskBedrockStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Programmatic', { auth: auth as AuthMode }),
        /auth must be one of iam, apiKey, none/,
        `auth: ${JSON.stringify(auth)}`,
      );
    }
  });

  it('auth=none only when asked, with a synth warning', () => {
    const { stack, template } = synthApp({ auth: 'none' });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'NONE', ApiKeyRequired: false });
    Annotations.fromStack(stack).hasWarning('/AskBedrock', Match.stringLikeRegexp('auth=none.*anyone'));
    Annotations.fromStack(iamDefault.stack).hasNoWarning('*', Match.stringLikeRegexp('auth=none'));
  });

  it('cdk-nag AwsSolutions: no unacknowledged findings in any auth mode', () => {
    for (const auth of ['iam', 'apiKey', 'none']) {
      const { app } = nagApp({ auth, allowedModelIds: 'us.anthropic.claude-sonnet-4-20250514-v1:0,global.anthropic.claude-sonnet-4-5-20250929-v1:0' });
      assert.doesNotThrow(() => app.synth(), `auth=${auth}`);
    }
  });

  it('cdk-nag is really applied: a wildcard policy fails synth', () => {
    const { app, stack } = nagApp();
    stack.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['bedrock:*'], resources: ['*'] }));
    const quiet = { error: console.error, log: console.log, warn: console.warn };
    console.error = console.log = console.warn = () => {};
    try {
      assert.throws(() => app.synth(), /Validation failed/);
    } finally {
      Object.assign(console, quiet);
    }
  });

  it('GET /models: same function, same authorization and API-key requirement as POST /chat, in every auth mode', () => {
    for (const auth of ['iam', 'apiKey', 'none']) {
      const { template } = auth === 'iam' ? iamDefault : synthApp({ auth });
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'models' });
      const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as {
        Properties: { HttpMethod: string; AuthorizationType: string; ApiKeyRequired: boolean; AuthorizerId?: Cfn; ResourceId: Cfn; Integration: { Uri: Cfn } };
      }[];
      const chat = methods.find((m) => m.Properties.HttpMethod === 'POST');
      const models = methods.find((m) => m.Properties.HttpMethod === 'GET');
      assert.ok(chat && models, `auth=${auth}: both methods`);
      assert.equal(models.Properties.AuthorizationType, chat.Properties.AuthorizationType, `auth=${auth}`);
      assert.equal(models.Properties.ApiKeyRequired, chat.Properties.ApiKeyRequired, `auth=${auth}`);
      assert.deepEqual(models.Properties.AuthorizerId, chat.Properties.AuthorizerId, `auth=${auth}`);
      assert.equal(flat(models.Properties.Integration.Uri), flat(chat.Properties.Integration.Uri), 'the same function');
      assert.notDeepEqual(models.Properties.ResourceId, chat.Properties.ResourceId);
    }
    iamDefault.template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', ApiKeyRequired: false });
    const outputs = iamDefault.template.toJSON().Outputs as Record<string, { Value: Cfn }>;
    assert.match(flat(outputs.ModelsEndpoint.Value), /\/models$/);
  });

  it('env: HEARTBEAT_MS by default; MODEL_PRICES and the guardrail only when configured', () => {
    const variables = (template: Template) =>
      (Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Properties: { Environment: { Variables: Record<string, string> } } }).Properties.Environment.Variables;
    const plain = variables(iamDefault.template);
    assert.equal(plain.HEARTBEAT_MS, '10000');
    for (const key of ['MODEL_PRICES', 'GUARDRAIL_ID', 'GUARDRAIL_VERSION', 'GUARDRAIL_STREAM_MODE']) assert.equal(key in plain, false, key);
    const model = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
    const prices = { [model]: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 } };
    const { template } = synthApp({ modelPrices: JSON.stringify(prices), guardrailId: 'abc123def456', guardrailVersion: '2', heartbeatSeconds: 5 });
    const configured = variables(template);
    assert.deepEqual(JSON.parse(configured.MODEL_PRICES), prices);
    assert.deepEqual([configured.GUARDRAIL_ID, configured.GUARDRAIL_VERSION, configured.GUARDRAIL_STREAM_MODE, configured.HEARTBEAT_MS], ['abc123def456', '2', 'sync', '5000']);
    assert.equal(variables(synthApp({ guardrailId: 'abc123def456', guardrailVersion: 'DRAFT', guardrailStreamMode: 'async' }).template).GUARDRAIL_STREAM_MODE, 'async');
    // cdk.json may give the prices as an object.
    assert.deepEqual(JSON.parse(variables(synthApp({ modelPrices: prices }).template).MODEL_PRICES), prices);
  });

  it('guardrail: bedrock:ApplyGuardrail on exactly that guardrail, no wildcard; none without one', () => {
    const applyStatements = (template: Template) => bedrockStatements(template).filter((s) => JSON.stringify(s.Action).includes('ApplyGuardrail'));
    assert.deepEqual(applyStatements(iamDefault.template), []);
    const byId = applyStatements(synthApp({ guardrailId: 'abc123def456', guardrailVersion: '1' }).template);
    assert.equal(byId.length, 1);
    assert.equal(byId[0].Action, 'bedrock:ApplyGuardrail');
    assert.deepEqual(byId[0].Resource.map(flat), ['arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:guardrail/abc123def456']);
    const arn = 'arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123def456';
    const byArn = applyStatements(synthApp({ guardrailId: arn, guardrailVersion: '1' }).template);
    assert.deepEqual(byArn[0].Resource.map(flat), [arn]);
    for (const s of [...byId, ...byArn]) for (const r of s.Resource) assert.doesNotMatch(flat(r), /\*/);
  });

  it('refuses malformed v2 context: guardrail id/version/mode, prices, heartbeat', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ guardrailId: 'gr-*', guardrailVersion: '1' }, /guardrailId must be/],
      [{ guardrailId: 'abc123' }, /guardrailVersion must be/],
      [{ guardrailId: 'abc123', guardrailVersion: 'latest' }, /guardrailVersion must be/],
      [{ guardrailVersion: '1' }, /need a guardrailId/],
      [{ guardrailId: 'abc123', guardrailVersion: '1', guardrailStreamMode: 'later' }, /guardrailStreamMode/],
      [{ modelPrices: 'cheap' }, /Context "modelPrices": MODEL_PRICES must be JSON/],
      [{ modelPrices: JSON.stringify({ 'other.model': { inputPerMTok: 1, outputPerMTok: 2 } }) }, /not allowed: other\.model/],
      [{ heartbeatSeconds: 0 }, /heartbeatSeconds/],
    ];
    for (const [context, message] of cases) assert.throws(() => synthApp(context), message, JSON.stringify(context));
  });

  it('cdk-nag stays clean with /models, prices and a guardrail in every auth mode', () => {
    for (const auth of ['iam', 'apiKey', 'none']) {
      const { app } = nagApp({ auth, guardrailId: 'abc123def456', guardrailVersion: '1', modelPrices: '{"us.anthropic.claude-sonnet-4-20250514-v1:0":{"inputPerMTok":3,"outputPerMTok":15}}' });
      assert.doesNotThrow(() => app.synth(), `auth=${auth}`);
    }
  });

  it('synthesizes with no account or region (offline): env-agnostic pseudo parameters', () => {
    const stack = iamDefault.stack;
    assert.deepEqual(stack.resolve(stack.account), { Ref: 'AWS::AccountId' });
    assert.deepEqual(stack.resolve(stack.region), { Ref: 'AWS::Region' });
  });
});
