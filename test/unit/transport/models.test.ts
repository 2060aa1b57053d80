import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '../../../infra/local/listen';
import type { ModelsResponse } from '../../../src/protocol/wire';
import { DEFAULT_ANSWER_LIMITS } from '../../../src/transport/answerLimits';
import { apiKeyAuth, iamAuth, noAuth } from '../../../src/transport/auth';
import { createDispatcher } from '../../../src/transport/dispatcher';
import { EndpointClient, type EndpointOptions } from '../../../src/transport/endpointClient';
import { TransportError } from '../../../src/transport/errors';
import { fetchModels, MAX_MODELS_BYTES, type ModelsConfig } from '../../../src/transport/models';
import { TrustedCertificates } from '../../../src/transport/trustedCertificates';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const CATALOGUE: ModelsResponse = {
  protocol: 2,
  defaultModel: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
  models: [
    {
      id: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
      name: 'Claude Sonnet 4',
      contextTokens: 200000,
      maxOutputTokens: 64000,
      reasoning: true,
      tools: true,
      caching: true,
      prices: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    },
    { id: 'demo', name: 'demo', contextTokens: 32000, maxOutputTokens: 4096, reasoning: false, tools: false, caching: false },
  ],
  limits: { maxBodyBytes: 262144, maxMessages: 200, maxTokens: 4096 },
  guardrail: { id: 'gr-1', version: '1' },
};

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('transport/models: GET /models beside the chat endpoint', () => {
  let server: Server;
  let origin: string;
  let handler: Handler;
  let seen: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  const dispatcher = createDispatcher({ connectMs: 2000, firstByteMs: 1500, idleMs: 800 }, {}, {});

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      handler(req, res);
    });
    origin = await listen(server);
  });
  beforeEach(() => {
    seen = [];
    handler = (_req, res) => json(res, 200, CATALOGUE);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await dispatcher.close();
  });

  const config = (over: Partial<ModelsConfig> = {}): ModelsConfig => ({ endpoint: `${origin}/prod/chat`, auth: noAuth, dispatcher, ...over });
  const fetchNow = (over: Partial<ModelsConfig> = {}) => fetchModels(config(over), new AbortController().signal);
  async function failure(over: Partial<ModelsConfig> = {}): Promise<TransportError> {
    try {
      await fetchNow(over);
    } catch (err) {
      assert.ok(err instanceof TransportError, `expected a TransportError, got ${err}`);
      return err;
    }
    assert.fail('expected fetchModels to fail');
  }

  it('GETs <base>/models with no body and parses the catalogue, dropping unknown fields', async () => {
    handler = (_req, res) =>
      json(res, 200, { ...CATALOGUE, futureField: 1, models: CATALOGUE.models.map((m) => ({ ...m, vision: true })), limits: { ...CATALOGUE.limits, maxImages: 3 } });
    const got = await fetchNow();
    assert.deepEqual(got, CATALOGUE);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, 'GET');
    assert.equal(seen[0].url, '/prod/models');
    assert.match(String(seen[0].headers.accept), /application\/json/);
    assert.equal(seen[0].headers['content-length'], undefined);
  });

  it('keeps prices and guardrail absent when the deployment configured none', async () => {
    const { guardrail: _g, ...rest } = CATALOGUE;
    handler = (_req, res) => json(res, 200, { ...rest, models: [CATALOGUE.models[1]] });
    const got = await fetchNow();
    assert.ok(got);
    assert.equal('guardrail' in got, false);
    assert.equal('prices' in got.models[0], false);
  });

  it('refuses a malformed catalogue with a protocol error that names the field', async () => {
    const broken = [
      { body: { ...CATALOGUE, models: [{ ...CATALOGUE.models[1], contextTokens: '32000' }] }, field: /models\[0\]\.contextTokens/ },
      { body: { ...CATALOGUE, models: 'demo' }, field: /"models" is not a list/ },
      { body: { ...CATALOGUE, limits: undefined }, field: /"limits"/ },
      { body: { ...CATALOGUE, models: [{ ...CATALOGUE.models[1], tools: 'yes' }] }, field: /models\[0\]\.tools/ },
      { body: { ...CATALOGUE, models: [{ ...CATALOGUE.models[0], prices: { inputPerMTok: 3 } }] }, field: /prices\.outputPerMTok/ },
      { body: [CATALOGUE], field: /not an object/ },
    ];
    for (const b of broken) {
      handler = (_req, res) => json(res, 200, b.body);
      const err = await failure();
      assert.equal(err.kind, 'protocol');
      assert.equal(err.code, 'MalformedModels');
      assert.match(err.message, b.field);
    }
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"protocol": 2,');
    };
    assert.match((await failure()).message, /malformed: it is not JSON/);
  });

  it('treats a v1 endpoint or the blog Lambda (no /models route) as "no catalogue", not an error', async () => {
    const noRoute: Handler[] = [
      (_req, res) => json(res, 403, { message: 'Missing Authentication Token' }),
      (_req, res) => json(res, 404, { message: 'Not Found' }),
      (_req, res) => json(res, 405, { message: 'Method Not Allowed' }),
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Hello from the blog Lambda');
      },
    ];
    for (const h of noRoute) {
      handler = h;
      assert.equal(await fetchNow(), undefined);
    }
  });

  it('reports other failures as the chat route would: a wrong API key, a server error', async () => {
    handler = (_req, res) => json(res, 403, { message: 'Forbidden' });
    const auth = await failure({ auth: apiKeyAuth(async () => 'the-wrong-api-key') });
    assert.equal(auth.kind, 'auth');
    assert.match(auth.message, /API key/);
    handler = (_req, res) => json(res, 502, { message: 'Internal server error' });
    assert.equal((await failure()).kind, 'server');
  });

  it('refuses a body over 1 MB without reading it all', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(MAX_MODELS_BYTES)}"}`);
    };
    const err = await failure();
    assert.equal(err.code, 'ModelsTooLarge');
    assert.match(err.message, /over 1 MB/);
  });

  it('times out like the chat route when the endpoint stalls', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"protocol":2,');
    };
    const err = await failure();
    assert.equal(err.code, 'IdleTimeout');
  });

  it('sends the API key header, and signs the GET with SigV4 for IAM auth', async () => {
    await fetchNow({ auth: apiKeyAuth(async () => 'the-api-key-123') });
    assert.equal(seen[0].headers['x-api-key'], 'the-api-key-123');

    const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example-key' });
    await fetchNow({ auth: iamAuth({ region: 'eu-west-1', credentials }) });
    const signed = seen[1].headers;
    assert.match(String(signed.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    assert.ok(signed['x-amz-date']);
  });
});

describe('transport/endpointClient.models: fetched on first use, kept until the settings change', () => {
  let server: Server;
  let endpoint: string;
  let requests: { url: string; headers: IncomingMessage['headers'] }[];
  let status: number;
  let settings: EndpointOptions;
  let client: EndpointClient;

  before(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', headers: req.headers });
      if (status === 200) json(res, 200, CATALOGUE);
      else json(res, status, { message: status === 403 ? 'Missing Authentication Token' : 'boom' });
    });
    endpoint = `${await listen(server)}/prod/chat`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = [];
    status = 200;
    settings = { endpoint, auth: 'none', awsProfile: '', awsRegion: '', timeouts: { connectMs: 2000, firstByteMs: 2000, idleMs: 2000 }, answerLimits: DEFAULT_ANSWER_LIMITS };
    client = new EndpointClient({
      settings: () => settings,
      http: () => ({}),
      readApiKey: async () => 'the-api-key-456',
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
      userAgent: 'test',
      certificates: new TrustedCertificates({ env: {}, readSystem: async () => [] }),
    });
  });
  afterEach(() => client.dispose());

  const models = () => client.models(new AbortController().signal);

  it('asks nothing until first used, then answers from the cache', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.length, 0);
    assert.deepEqual(await models(), CATALOGUE);
    assert.deepEqual(await models(), CATALOGUE);
    assert.equal(requests.length, 1);
  });

  it('fetches again when the endpoint, auth, profile or region change, with the new auth', async () => {
    await models();
    settings = { ...settings, awsRegion: 'eu-west-1' };
    await models();
    settings = { ...settings, awsProfile: 'work' };
    await models();
    settings = { ...settings, auth: 'apiKey' };
    await models();
    assert.equal(requests.at(-1)?.headers['x-api-key'], 'the-api-key-456');
    settings = { ...settings, endpoint: endpoint.replace('/prod/chat', '/dev/chat') };
    await models();
    assert.equal(requests.at(-1)?.url, '/dev/models');
    settings = { ...settings, timeouts: { ...settings.timeouts, idleMs: 3000 } };
    await models();
    assert.equal(requests.length, 5, 'a timeout change alone does not change the catalogue');
  });

  it('keeps "no catalogue" from a v1 endpoint, but not a failure', async () => {
    status = 403;
    assert.equal(await models(), undefined);
    assert.equal(await models(), undefined);
    assert.equal(requests.length, 1);

    settings = { ...settings, awsRegion: 'us-west-2' };
    status = 500;
    await assert.rejects(models(), (err: unknown) => err instanceof TransportError && err.kind === 'server');
    status = 200;
    assert.deepEqual(await models(), CATALOGUE);
    assert.equal(requests.length, 3);
  });
});
