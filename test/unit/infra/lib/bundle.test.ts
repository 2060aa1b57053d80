import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { request } from 'undici';
import { buildApp } from '../../../../infra/bin/ask-bedrock';
import type { StreamingHandler } from '../../../../infra/lambda/runtime';
import { LocalApiGateway } from '../../../../infra/local/apiGateway';
import { FakeBedrock } from '../../../../infra/local/fakeBedrock';
import { localLambdaRuntime } from '../../../../infra/local/lambdaShim';

/**
 * The artifact `cdk deploy` would upload: the esbuild bundle of the handler, loaded the way the
 * Lambda runtime loads it (an `awslambda` global present, config from the environment, the
 * default SDK client), then invoked through the local API Gateway against the fake Bedrock.
 */
describe('infra/lib bundled Lambda artifact', function () {
  this.timeout(60_000);
  const envKeys = ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'ALLOWED_MODEL_IDS', 'MODEL_ID'];
  const saved: Record<string, string | undefined> = {};
  let fake: FakeBedrock;
  let bundle: string;

  before(async () => {
    const app = new App({ context: { allowedModelIds: 'demo' } });
    buildApp(app);
    const dir = app.synth().directory;
    const asset = readdirSync(dir).find((d) => d.startsWith('asset.') && existsSync(path.join(dir, d, 'index.js')));
    assert.ok(asset, 'the function was bundled into an asset');
    bundle = path.join(dir, asset, 'index.js');
    fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0 });
    for (const k of envKeys) saved[k] = process.env[k];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fake.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bundle-key',
      AWS_SECRET_ACCESS_KEY: 'bundle-secret',
      ALLOWED_MODEL_IDS: 'demo',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    delete process.env.MODEL_ID;
  });

  after(async () => {
    delete (globalThis as { awslambda?: unknown }).awslambda;
    for (const k of envKeys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await fake?.close();
  });

  it('exports `handler` wrapped by awslambda.streamifyResponse, and streams an answer', async () => {
    let wrapped = 0;
    (globalThis as { awslambda?: unknown }).awslambda = {
      ...localLambdaRuntime,
      streamifyResponse: (h: StreamingHandler<unknown>) => {
        wrapped++;
        return h;
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(bundle) as { handler?: StreamingHandler<APIGatewayProxyEvent> };
    assert.equal(wrapped, 1, 'streamifyResponse wrapped the handler at load time');
    assert.equal(typeof mod.handler, 'function');
    assert.ok(mod.handler);
    const gw = await LocalApiGateway.start({ handler: mod.handler });
    try {
      const res = await request(`${gw.url}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ prompt: 'bundled 日本語 [[fake:echo]]' }),
      });
      assert.equal(res.statusCode, 200);
      const body = await res.body.text();
      assert.match(body, /^event: start\ndata: \{"id":"[^"]+","model":"demo"\}\n\n/);
      assert.match(body, /event: end\ndata: \{"stopReason":"end_turn"/);
      const text = [...body.matchAll(/^event: delta\ndata: (.*)$/gm)].map((m) => (JSON.parse(m[1]) as { text: string }).text).join('');
      assert.equal(text, 'bundled 日本語 [[fake:echo]]');
      assert.match(String(fake.requests.at(-1)?.headers.authorization), /Credential=bundle-key\//, 'the default SDK client used the environment');
    } finally {
      await gw.close();
    }
  });

  it('leaves out the credential and token sources Lambda never uses (profiles, SSO, web identity)', () => {
    const code = readFileSync(bundle, 'utf8');
    for (const unused of ['AssumeRoleWithWebIdentity', 'GetRoleCredentials', 'CreateToken', 'credential_process']) {
      assert.ok(!code.includes(unused), `the bundle has no ${unused}`);
    }
  });
});
