import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import * as esbuild from 'esbuild';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readConfig } from '../../infra/lambda/config';
import { createHandler } from '../../infra/lambda/handler';
import type { StreamingHandler } from '../../infra/lambda/runtime';
import { LocalApiGateway } from '../../infra/local/apiGateway';
import { FakeBedrock } from '../../infra/local/fakeBedrock';
import { localLambdaRuntime } from '../../infra/local/lambdaShim';
import type { ChatRequest } from '../../src/protocol/wire';
import { infoFigure, limitFigure, ratioFigure, type Figure } from './figures';
import type { BenchSection } from './run';
import { LAMBDA_MAIN_FIELDS, LAMBDA_SDK_ALIASES } from '../../infra/lib/ask-bedrock-stack';

const repo = path.resolve(__dirname, '..', '..');
export const DELTAS = 10_000;
const ROUNDS = 7;

/** Bundles the handler the way the CDK stack does (minified CJS, SDK included). */
async function bundleHandler(dir: string): Promise<string> {
  const outfile = path.join(dir, 'handler.js');
  await esbuild.build({
    entryPoints: [path.join(repo, 'infra/lambda/handler.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: LAMBDA_MAIN_FIELDS,
    alias: LAMBDA_SDK_ALIASES,
    absWorkingDir: repo,
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Milliseconds to `require` a module in a fresh Node process (measured inside that process). */
function requireMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`require failed: ${out.stderr}`);
  return Number(out.stdout);
}

/** A bare handler that streams only the text: the floor for per-delta cost. */
export function passthroughHandler(client: BedrockRuntimeClient): StreamingHandler<APIGatewayProxyEvent> {
  return async (event, responseStream) => {
    const prompt = (JSON.parse(event.body ?? '{}') as { prompt: string }).prompt;
    const out = await client.send(new ConverseStreamCommand({ modelId: 'demo', messages: [{ role: 'user', content: [{ text: prompt }] }] }));
    const stream = localLambdaRuntime.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    for await (const ev of out.stream ?? []) {
      const text = ev.contentBlockDelta?.delta?.text;
      if (text && !stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
    }
    stream.end();
  };
}

/** The v1 request whose answer is DELTAS short deltas. */
export const DELTAS_REQUEST = { prompt: `[[fake:deltas=${DELTAS}]] bench`, modelId: 'demo' };

/** Total ms for one request (DELTAS_REQUEST unless given) to stream all its deltas through a gateway. */
export async function timeStream(url: string, accept: string, request: object = DELTAS_REQUEST): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(request),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  if (bytes === 0) throw new Error('empty answer');
  return performance.now() - started;
}

/** Lambda: bundle size, cold require time, and per-delta overhead of the real handler vs a passthrough. */
export const lambdaBench: BenchSection = {
  name: 'lambda',
  async run(): Promise<Figure[]> {
    const stage = 'Lambda';
    const dir = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-bench-'));
    const bundle = await bundleHandler(dir);
    const empty = path.join(dir, 'empty.js');
    writeFileSync(empty, 'module.exports = {};');

    const requireRuns: number[] = [];
    const emptyRuns: number[] = [];
    for (let i = 0; i < 9; i++) {
      requireRuns.push(requireMs(bundle));
      emptyRuns.push(requireMs(empty));
    }

    const perDelta = await perDeltaMicros(ROUNDS);

    return [
      limitFigure({ stage, name: 'handler bundle (minified, SDK included)', unit: 'KB' }, [statSync(bundle).size / 1024], 500),
      limitFigure({ stage, name: 'cold require of the bundle', unit: 'ms', baseline: Math.min(...emptyRuns), baselineLabel: 'empty module' }, requireRuns, 80),
      ratioFigure({ stage, name: `time per delta, real handler (SSE), ${DELTAS} deltas`, unit: 'µs' }, perDelta.real, perDelta.bare, 1.1, 'passthrough'),
      infoFigure({ stage, name: 'time per delta, passthrough handler', unit: 'µs' }, perDelta.bare),
    ];
  },
};

/**
 * Per-delta time (µs) of the real handler answering over SSE and of the passthrough handler
 * answering plain text, both behind the local API Gateway and the fake Bedrock, `rounds` times
 * each after one warm-up. `body` is the real handler's request (default: the v1 DELTAS request).
 */
export async function perDeltaMicros(rounds: number, body?: ChatRequest): Promise<{ real: number[]; bare: number[] }> {
  const fake = await FakeBedrock.start({ firstTokenDelayMs: 0 });
  const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const real = createHandler({ client, config: readConfig({ ALLOWED_MODEL_IDS: 'demo' }), runtime: localLambdaRuntime, log: () => {} });
  const gateways = {
    real: await LocalApiGateway.start({ handler: real as StreamingHandler<APIGatewayProxyEvent>, port: 0 }),
    bare: await LocalApiGateway.start({ handler: passthroughHandler(client), port: 0 }),
  };
  const runs = { real: [] as number[], bare: [] as number[] };
  try {
    await timeStream(`${gateways.real.url}/chat`, 'text/event-stream', body); // warm both paths
    await timeStream(`${gateways.bare.url}/chat`, 'text/plain');
    for (let i = 0; i < rounds; i++) {
      runs.real.push(((await timeStream(`${gateways.real.url}/chat`, 'text/event-stream', body)) / DELTAS) * 1000);
      runs.bare.push(((await timeStream(`${gateways.bare.url}/chat`, 'text/plain')) / DELTAS) * 1000);
    }
  } finally {
    await gateways.real.close();
    await gateways.bare.close();
    client.destroy();
    await fake.close();
  }
  return runs;
}
