import * as assert from 'node:assert/strict';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { request } from 'undici';
import type { ResponseStream, StreamingHandler } from '../../../../infra/lambda/runtime';
import { LocalApiGateway, type ResponseTransferMode } from '../../../../infra/local/apiGateway';
import { localLambdaRuntime } from '../../../../infra/local/lambdaShim';

const { HttpResponseStream } = localLambdaRuntime;
const GAP_MS = 120;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Lambda that writes three chunks GAP_MS apart. */
const paced: StreamingHandler<APIGatewayProxyEvent> = async (_event, stream) => {
  const s: ResponseStream = HttpResponseStream.from(stream, { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-custom': 'kept' } });
  for (const piece of ['one ', 'two ', 'three']) {
    s.write(piece);
    await sleep(GAP_MS);
  }
  s.end();
};

/** Sends a request; resolves with when the headers and each body chunk arrived (ms after sending). */
async function timed(mode: ResponseTransferMode | undefined, handler = paced, functionTimeoutMs?: number) {
  const gateway = await LocalApiGateway.start({ handler: localLambdaRuntime.streamifyResponse(handler), responseTransferMode: mode, functionTimeoutMs });
  try {
    const sent = performance.now();
    const res = await request(`${gateway.url}/chat`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const headersAt = performance.now() - sent;
    const chunkTimes: number[] = [];
    let body = '';
    for await (const chunk of res.body) {
      chunkTimes.push(performance.now() - sent);
      body += (chunk as Buffer).toString();
    }
    return { status: res.statusCode, headers: res.headers, headersAt, chunkTimes, body };
  } finally {
    await gateway.close();
  }
}

describe('infra/local API Gateway: responseTransferMode BUFFERED holds the whole response', function () {
  this.timeout(20_000);

  it('STREAM (the default) relays each chunk as the Lambda writes it', async () => {
    const r = await timed(undefined);
    assert.equal(r.body, 'one two three');
    assert.ok(r.chunkTimes.length >= 3, `${r.chunkTimes.length} chunks`);
    assert.ok(r.chunkTimes[r.chunkTimes.length - 1] - r.chunkTimes[0] >= GAP_MS, `chunks spread over ${r.chunkTimes.map(Math.round)}`);
  });

  it('BUFFERED sends status, headers and body together once the Lambda ends, with a content-length', async () => {
    const r = await timed('BUFFERED');
    assert.equal(r.status, 201);
    assert.equal(r.headers['x-custom'], 'kept');
    assert.equal(r.headers['content-length'], String('one two three'.length));
    assert.equal(r.body, 'one two three');
    assert.ok(r.headersAt >= 3 * GAP_MS - 20, `headers only after the Lambda ended (${Math.round(r.headersAt)} ms)`);
    assert.ok(r.chunkTimes[r.chunkTimes.length - 1] - r.chunkTimes[0] < 20, `the body arrives at once (${r.chunkTimes.map(Math.round)})`);
  });

  it('BUFFERED: a Lambda cut by its timeout yields a gateway error, since nothing was sent yet', async () => {
    const stalls: StreamingHandler<APIGatewayProxyEvent> = async (_event, stream) => {
      HttpResponseStream.from(stream, { statusCode: 200 }).write('partial');
      await sleep(1000);
    };
    const r = await timed('BUFFERED', stalls, 200);
    assert.equal(r.status, 502);
    assert.doesNotMatch(r.body, /partial/);
  });
});
