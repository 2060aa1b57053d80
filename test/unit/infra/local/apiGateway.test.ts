import * as assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { request } from 'undici';
import { readConfig } from '../../../../infra/lambda/config';
import { createHandler } from '../../../../infra/lambda/handler';
import type { ResponseStream, StreamingHandler } from '../../../../infra/lambda/runtime';
import { LocalApiGateway, type ApiGatewayOptions } from '../../../../infra/local/apiGateway';
import { mixedDeltas } from '../../../../infra/local/demoAnswer';
import { FakeBedrock } from '../../../../infra/local/fakeBedrock';
import { parseDirectives } from '../../../../infra/local/fakeScript';
import { localLambdaRuntime } from '../../../../infra/local/lambdaShim';
import { withEnv } from '../../../support/withEnv';

const { HttpResponseStream } = localLambdaRuntime;

async function withGateway(handler: StreamingHandler<APIGatewayProxyEvent>, opts: Partial<ApiGatewayOptions>, fn: (url: string) => Promise<void>) {
  const gw = await LocalApiGateway.start({ handler, ...opts });
  try {
    await fn(`${gw.url}/chat`);
  } finally {
    await gw.close();
  }
}

async function collect(url: string, body = '{}') {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'text/event-stream' } });
  const chunks: Buffer[] = [];
  let cut = false;
  try {
    for await (const c of res.body) chunks.push(c as Buffer);
  } catch {
    cut = true;
  }
  return { status: res.statusCode, headers: res.headers, chunks, body: Buffer.concat(chunks), cut };
}

const write = (s: ResponseStream, chunk: string) => new Promise<void>((resolve) => (s.write(chunk) ? resolve() : s.once('drain', () => resolve())));

describe('infra/local API Gateway emulator', function () {
  this.timeout(20_000);

  it('parses the prelude written on the first write() into status and headers', async () => {
    await withGateway(
      async (_event, stream) => {
        const s = HttpResponseStream.from(stream, { statusCode: 418, headers: { 'content-type': 'text/x-teapot', 'x-custom': 'yes' } });
        await write(s, 'short and stout');
        s.end();
      },
      {},
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 418);
        assert.equal(r.headers['content-type'], 'text/x-teapot');
        assert.equal(r.headers['x-custom'], 'yes');
        assert.equal(r.body.toString(), 'short and stout');
      },
    );
  });

  it('end(body) without a write() loses status and headers, as on Lambda', async () => {
    await withGateway(
      async (_event, stream) => {
        HttpResponseStream.from(stream, { statusCode: 400, headers: { 'content-type': 'application/json' } }).end('{"error":1}');
      },
      {},
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 200, 'the 400 never reached the client');
        assert.equal(r.body.toString(), '{"error":1}');
      },
    );
  });

  it('builds a REST proxy event with the request id, headers and body', async () => {
    let seen: APIGatewayProxyEvent | undefined;
    let remaining = 0;
    await withGateway(
      async (event, stream, context) => {
        seen = event;
        remaining = context.getRemainingTimeInMillis();
        const s = HttpResponseStream.from(stream, { statusCode: 200 });
        await write(s, 'ok');
        s.end();
      },
      { functionTimeoutMs: 5000, stage: 'prod' },
      async (url) => {
        await collect(`${url}?x=1`, '{"prompt":"日本"}');
      },
    );
    assert.ok(seen);
    assert.equal(seen.httpMethod, 'POST');
    assert.equal(seen.resource, '/chat');
    assert.equal(seen.body, '{"prompt":"日本"}');
    assert.equal(seen.isBase64Encoded, false);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.deepEqual(seen.queryStringParameters, { x: '1' });
    assert.equal(seen.requestContext.stage, 'prod');
    assert.match(seen.requestContext.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(remaining > 4000 && remaining <= 5000, `remaining time ${remaining}`);
  });

  it('relays each chunk at once (no buffering until the end)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await withGateway(
      async (_event, stream) => {
        const s = HttpResponseStream.from(stream, { statusCode: 200, headers: { 'content-type': 'text/plain' } });
        await write(s, 'first');
        await gate;
        await write(s, 'second');
        s.end();
      },
      {},
      async (url) => {
        const res = await request(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
        const it = res.body[Symbol.asyncIterator]();
        const first = await it.next();
        assert.equal(Buffer.from(first.value as Buffer).toString(), 'first', 'the first chunk arrived while the handler was still running');
        release();
        let rest = '';
        for (let n = await it.next(); !n.done; n = await it.next()) rest += Buffer.from(n.value as Buffer).toString();
        assert.equal(rest, 'second');
      },
    );
  });

  it('cuts the stream after maxResponseBytes', async () => {
    await withGateway(
      async (_event, stream) => {
        const s = HttpResponseStream.from(stream, { statusCode: 200 });
        for (let i = 0; i < 100 && !s.destroyed; i++) await write(s, 'x'.repeat(1000)).catch(() => undefined);
        if (!s.destroyed) s.end();
      },
      { maxResponseBytes: 10_000 },
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 200);
        assert.equal(r.body.length, 10_000);
        assert.equal(r.cut, true, 'the client sees a cut stream, not a clean end');
      },
    );
  });

  it('function timeout: 502 before the first byte; a cut stream after it', async () => {
    const never = new Promise<void>(() => {});
    await withGateway(
      async () => never,
      { functionTimeoutMs: 200 },
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 502);
        assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
      },
    );
    await withGateway(
      async (_event, stream) => {
        await write(HttpResponseStream.from(stream, { statusCode: 200 }), 'partial');
        await never;
      },
      { functionTimeoutMs: 200 },
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 200);
        assert.equal(r.body.toString(), 'partial');
        assert.equal(r.cut, true);
      },
    );
  });

  it('integration timeout → 504 Endpoint request timed out', async () => {
    await withGateway(
      () => new Promise<void>(() => {}),
      { integrationTimeoutMs: 150 },
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 504);
        assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Endpoint request timed out' });
      },
    );
  });

  it('a handler that throws before writing → 502 Internal server error', async () => {
    await withGateway(
      async () => {
        throw new Error('boom');
      },
      {},
      async (url) => {
        const r = await collect(url);
        assert.equal(r.status, 502);
        assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
      },
    );
  });

  it('Japanese split across network chunk boundaries decodes correctly with a streaming TextDecoder', async () => {
    const fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0 });
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    const handler = createHandler({ client, config: readConfig({ ALLOWED_MODEL_IDS: 'demo' }), runtime: localLambdaRuntime, log: () => {} });
    try {
      await withGateway(handler, { fragmentBytes: 5 }, async (url) => {
        const res = await request(url, { method: 'POST', body: JSON.stringify({ prompt: '[[fake:deltas=40]]' }), headers: { 'content-type': 'application/json', accept: 'text/plain' } });
        const decoder = new TextDecoder('utf-8');
        let text = '';
        let splitInside = 0;
        for await (const chunk of res.body) {
          const bytes = chunk as Buffer;
          if (bytes.toString('utf8').includes('\uFFFD')) splitInside++;
          text += decoder.decode(bytes, { stream: true });
        }
        text += decoder.decode();
        assert.ok(splitInside > 0, 'some chunk boundary fell inside a multi-byte character');
        assert.equal(text, mixedDeltas(40).join(''));
      });
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});

describe('infra/local fake Bedrock', function () {
  this.timeout(20_000);

  it('reads the directives from the prompt', () => {
    assert.deepEqual(parseDirectives('a [[fake:mid-throttle]] b [[fake:rate=7]] [[fake:deltas=3]] [[fake:echo]] [[fake:first=9]]'), {
      fault: 'mid-throttle',
      tokensPerSecond: 7,
      deltas: 3,
      echo: true,
      firstTokenDelayMs: 9,
    });
    assert.deepEqual(parseDirectives('no directives [[fake:unknown]]'), {});
  });

  it('speaks HTTP/1.1 as well as h2c: the real SDK over either gets the same event stream', async () => {
    const fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0 });
    const base = { region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };
    const h1 = new BedrockRuntimeClient({ ...base, requestHandler: new NodeHttpHandler() });
    const h2 = new BedrockRuntimeClient(base);
    try {
      const texts: string[] = [];
      for (const client of [h1, h2]) {
        const out = await client.send(new ConverseStreamCommand({ modelId: 'demo', messages: [{ role: 'user', content: [{ text: 'héllo 世界 [[fake:echo]]' }] }] }));
        let text = '';
        const kinds: string[] = [];
        for await (const e of out.stream!) {
          kinds.push(Object.keys(e)[0]);
          text += e.contentBlockDelta?.delta?.text ?? '';
        }
        // As Bedrock: a text block has no contentBlockStart (only tool-use blocks do).
        assert.deepEqual([kinds[0], kinds[1], ...kinds.slice(-3)], ['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
        texts.push(text);
      }
      assert.deepEqual(texts, ['héllo 世界 [[fake:echo]]', 'héllo 世界 [[fake:echo]]']);
      assert.deepEqual(
        fake.requests.map((r) => r.httpVersion),
        ['1.1', '2.0'],
      );
      assert.equal(fake.requests[0].modelId, 'demo');
    } finally {
      h1.destroy();
      h2.destroy();
      await fake.close();
    }
  });

  it("the handler's default client (as in Lambda) reaches the fake via AWS_ENDPOINT_URL_BEDROCK_RUNTIME", async () => {
    const fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0 });
    const env = {
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fake.url,
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'env-key',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
    };
    try {
      await withEnv(env, async () => {
        const handler = createHandler({ config: readConfig({ ALLOWED_MODEL_IDS: 'demo' }), runtime: localLambdaRuntime, log: () => {} });
        await withGateway(handler, {}, async (url) => {
          const res = await request(url, { method: 'POST', body: JSON.stringify({ prompt: 'via env [[fake:echo]]' }), headers: { 'content-type': 'application/json', accept: 'text/plain' } });
          assert.equal(res.statusCode, 200);
          assert.equal(await res.body.text(), 'via env [[fake:echo]]');
        });
      });
      assert.equal(fake.requests.length, 1);
      assert.match(String(fake.requests[0].headers.authorization), /Credential=env-key\/\d{8}\/us-west-2\/bedrock\/aws4_request/);
    } finally {
      await fake.close();
    }
  });

  it('in-stream exceptions reach the SDK as thrown errors with their type', async () => {
    const fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0 });
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    try {
      fake.enqueue({ fault: 'mid-model-error', faultAfterDeltas: 2 });
      const out = await client.send(new ConverseStreamCommand({ modelId: 'demo', messages: [{ role: 'user', content: [{ text: 'hi there friend' }] }] }));
      let deltas = 0;
      await assert.rejects(
        (async () => {
          for await (const e of out.stream!) if (e.contentBlockDelta) deltas++;
        })(),
        (err: Error) => err.name === 'ModelStreamErrorException',
      );
      assert.equal(deltas, 2);
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});

describe('infra/local API Gateway emulator: only the local user', function () {
  this.timeout(20_000);
  let gw: LocalApiGateway;
  let port: number;
  let invocations: string[];

  before(async () => {
    gw = await LocalApiGateway.start({
      handler: async (event, stream) => {
        invocations.push(event.body ?? '');
        const s = HttpResponseStream.from(stream, { statusCode: 200, headers: { 'content-type': 'text/plain' } });
        await write(s, 'served');
        s.end();
      },
    });
    port = Number(new URL(gw.url).port);
  });
  beforeEach(() => (invocations = []));
  after(() => gw.close());

  /** POSTs `{}` to /chat on the gateway's loopback socket with exactly these headers. */
  async function post(headers: Record<string, string>, body = '{"prompt":"hi"}') {
    const res = await request(`${gw.url}/chat`, { method: 'POST', body, headers });
    return { status: res.statusCode, text: await res.body.text() };
  }
  const json = { 'content-type': 'application/json' };

  it('a JSON POST addressed to 127.0.0.1, localhost or [::1] on its port is served (charset parameter included)', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const r = await post({ ...json, host });
      assert.deepEqual(r, { status: 200, text: 'served' }, `Host ${host}`);
    }
    const r = await post({ host: `127.0.0.1:${port}`, 'content-type': 'Application/JSON; charset=utf-8' });
    assert.deepEqual(r, { status: 200, text: 'served' });
    assert.equal(invocations.length, 4);
  });

  it('a foreign Host (DNS rebinding: the attacker’s name on our port) → 403 with a JSON message; the Lambda never runs', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost:${port}@evil.example`]) {
      const r = await post({ ...json, host });
      assert.equal(r.status, 403, `Host ${host}`);
      const { message } = JSON.parse(r.text) as { message: string };
      assert.match(message, new RegExp(`answers only requests addressed to localhost, 127\\.0\\.0\\.1, \\[::1\\] on port ${port}`));
    }
    assert.deepEqual(invocations, []);
  });

  it('any Origin (a web page, same-origin and sandboxed "null" included) → 403 with a JSON message; the Lambda never runs', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port}`]) {
      const r = await post({ ...json, host: `127.0.0.1:${port}`, origin });
      assert.equal(r.status, 403, `Origin ${origin}`);
      assert.match((JSON.parse(r.text) as { message: string }).message, /does not answer requests from web pages/);
    }
    assert.deepEqual(invocations, []);
  });

  it('POST /chat that is not application/json (text/plain, a form, multipart, none) → 415 with a JSON message; the Lambda never runs', async () => {
    const bodies: [Record<string, string>, string][] = [
      [{ 'content-type': 'text/plain' }, '{"prompt":"hi"}'],
      [{ 'content-type': 'text/plain;charset=UTF-8' }, '{"prompt":"hi"}'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'prompt=hi'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\ncontent-disposition: form-data; name="prompt"\r\n\r\nhi\r\n--x--\r\n'],
      [{ 'content-type': 'application/jsonx' }, '{"prompt":"hi"}'],
      [{}, '{"prompt":"hi"}'],
    ];
    for (const [headers, body] of bodies) {
      const r = await post({ ...headers, host: `127.0.0.1:${port}` }, body);
      assert.equal(r.status, 415, JSON.stringify(headers));
      assert.match((JSON.parse(r.text) as { message: string }).message, /^Unsupported Media Type: POST \/chat takes a JSON body with content-type: application\/json/);
    }
    assert.deepEqual(invocations, []);
  });
});

describe('infra/local fake Bedrock: only the local user', function () {
  this.timeout(20_000);

  /** One HTTP/2 (h2c) request to the fake with these headers; resolves with status and body. */
  function h2Post(url: string, headers: http2.OutgoingHttpHeaders): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const session = http2.connect(url);
      session.on('error', reject);
      const req = session.request({ ':method': 'POST', ':path': '/model/demo/converse-stream', 'content-type': 'application/json', ...headers });
      let status = 0;
      let text = '';
      req.on('response', (h) => (status = Number(h[':status'])));
      req.setEncoding('utf8').on('data', (d: string) => (text += d));
      req.on('end', () => {
        session.close();
        resolve({ status, text });
      });
      req.on('error', reject);
      req.end(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    });
  }

  it('a foreign Host or :authority, or any Origin → 403 over HTTP/1.1 and h2c; nothing reaches the model', async () => {
    const fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0 });
    const port = new URL(fake.url).port;
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    try {
      for (const headers of [{ host: `evil.example:${port}` }, { host: `127.0.0.1:${port}`, origin: 'https://evil.example' }]) {
        const res = await request(`${fake.url}/model/demo/converse-stream`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
        assert.equal(res.statusCode, 403, JSON.stringify(headers));
        assert.match((await res.body.json() as { message: string }).message, /local server/);
      }
      const foreign = await h2Post(fake.url, { ':authority': `evil.example:${port}` });
      assert.equal(foreign.status, 403);
      assert.match(foreign.text, /answers only requests addressed to/);
      const local = await h2Post(fake.url, { ':authority': `127.0.0.1:${port}` });
      assert.equal(local.status, 200, 'the same request addressed to 127.0.0.1 is served');
      assert.equal(fake.requests.length, 1);
    } finally {
      await fake.close();
    }
  });
});
