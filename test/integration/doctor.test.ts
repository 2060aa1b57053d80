import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../src/doctor/runDoctor';
import { withEnv } from '../support/withEnv';
import { useLocalStack, type LocalStack } from './helpers';

const CREDENTIALS = { accessKeyId: 'AKIALOCALTEST0000001', secretAccessKey: 'local-test-secret-key-0000000000000000000' };
const AWS_ENV = { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined };

/** Runs "Ask Bedrock: Check Endpoint" as the palette does and returns its report. */
async function checkEndpoint(): Promise<DoctorReport> {
  const report = await vscode.commands.executeCommand<DoctorReport | undefined>('askBedrock.checkEndpoint');
  assert.ok(report, 'the check ran to its end');
  return report;
}

const summary = (report: DoctorReport) => report.lines.map((line) => `${line.status} ${line.title}: ${line.notRun ? 'not run' : line.detail}`).join('\n');

suite('Check Endpoint (the doctor) against the local stack in each state it can detect', function () {
  this.timeout(60_000);
  let stack: LocalStack | undefined;
  const config = () => vscode.workspace.getConfiguration('askBedrock');

  teardown(async () => {
    for (const key of ['endpoint', 'auth', 'modelId', 'aws.region']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await stack?.close();
    stack = undefined;
  });

  test('a healthy endpoint: every check is green, and the answer is proven to stream with its time to first byte', async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 200, tokensPerSecond: 40 } });
    const report = await checkEndpoint();
    assert.equal(report.firstFailure, undefined, summary(report));
    assert.deepEqual(
      report.lines.map((line) => line.status),
      ['pass', 'pass', 'info', 'pass', 'pass', 'pass', 'pass'],
      summary(report),
    );
    assert.match(report.lines[6].detail, /^streams: \d+ chunks spread over \d+ ms of \d+ ms; first byte after \d+ ms$/);
  });

  test('IAM: AWS STS names the identity that signs (AWS_ENDPOINT_URL_STS: the local stand-in) and the endpoint accepts it', async () => {
    stack = await useLocalStack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'eu-west-1' });
    await config().update('aws.region', 'eu-west-1', vscode.ConfigurationTarget.Global);
    const report = await withEnv({ ...AWS_ENV, AWS_ENDPOINT_URL_STS: stack.sts!.url }, checkEndpoint);
    assert.equal(report.firstFailure, undefined, summary(report));
    assert.equal(report.lines[2].detail, 'signs as arn:aws:iam::000000000000:user/local (key AKIA…0001, a long-term access key) from the default credential chain, for region eu-west-1');
    assert.equal(stack.sts!.requestCount, 1, 'one GetCallerIdentity, through the extension\'s transport');
    assert.match(report.lines[4].detail, /accepted IAM \(SigV4\)/);
  });

  test('IAM: credentials STS refuses fail the credentials check with the fix, and the endpoint is not asked', async () => {
    stack = await useLocalStack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'eu-west-1' });
    await config().update('aws.region', 'eu-west-1', vscode.ConfigurationTarget.Global);
    const before = stack.fake!.requests.length;
    const report = await withEnv({ ...AWS_ENV, AWS_SECRET_ACCESS_KEY: 'a-secret-that-is-not-the-one', AWS_ENDPOINT_URL_STS: stack.sts!.url }, checkEndpoint);
    assert.equal(report.firstFailure?.title, 'Credentials', summary(report));
    assert.match(report.firstFailure.detail, /AWS STS refused these credentials: SignatureDoesNotMatch/);
    assert.match(report.firstFailure.fix ?? '', /secret access key does not belong to the access key id/);
    assert.equal(stack.fake!.requests.length, before, 'no question went to Bedrock');
  });

  test('a wrong path (403 Missing Authentication Token) is named as the path', async () => {
    stack = await useLocalStack();
    await config().update('endpoint', `${stack.url}/prod/chat`, vscode.ConfigurationTarget.Global);
    const report = await checkEndpoint();
    assert.equal(report.firstFailure?.title, 'Auth', summary(report));
    assert.match(report.firstFailure.detail, /Nothing is deployed at this path \(HTTP 403 Missing Authentication Token\)/);
    assert.ok(report.lines.slice(5).every((line) => line.notRun), 'the checks after it are not run');
  });

  test('auth mismatch: an IAM endpoint with auth none, and an API key endpoint with auth none, are each named', async () => {
    stack = await useLocalStack({ auth: 'iam', iamCredentials: CREDENTIALS, region: 'us-east-1' });
    await config().update('auth', 'none', vscode.ConfigurationTarget.Global);
    const iam = await checkEndpoint();
    assert.equal(iam.firstFailure?.title, 'Auth', summary(iam));
    assert.match(iam.firstFailure.detail, /expects IAM \(SigV4\) auth, but askBedrock.auth is "none"/);
    await stack.close();

    stack = await useLocalStack({ auth: 'apiKey', apiKey: 'local-api-key-0123456789' });
    await config().update('auth', 'none', vscode.ConfigurationTarget.Global);
    const apiKey = await checkEndpoint();
    assert.match(apiKey.firstFailure?.detail ?? summary(apiKey), /expects an API key \(HTTP 403 Forbidden\), but askBedrock.auth is "none"/);
  });

  test('a model the deployment does not allow is named, with the allowed ones', async () => {
    stack = await useLocalStack();
    await config().update('modelId', 'anthropic.claude-v2', vscode.ConfigurationTarget.Global);
    const report = await checkEndpoint();
    assert.equal(report.firstFailure?.title, 'Models (/models)', summary(report));
    assert.match(report.firstFailure.detail, /anthropic\.claude-v2, which this deployment does not allow \(allowed: .*demo/);
  });

  test('a buffering endpoint (the local gateway holding the whole response) is named as buffered', async () => {
    stack = await useLocalStack({ fake: { firstTokenDelayMs: 200, tokensPerSecond: 200 }, responseTransferMode: 'BUFFERED' });
    const report = await checkEndpoint();
    assert.equal(report.firstFailure?.title, 'Streaming', summary(report));
    assert.match(report.firstFailure.detail, /buffered, not streamed: all \d+ chunks arrived within \d+ ms/);
  });
});
