import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { listen } from '../../../infra/local/listen';
import { encodeSseEvent } from '../../../src/protocol/wire';
import { DEFAULT_ANSWER_LIMITS } from '../../../src/transport/answerLimits';
import type { HttpSettings } from '../../../src/transport/dispatcher';
import { EndpointClient, type EndpointOptions } from '../../../src/transport/endpointClient';
import type { TransportLog } from '../../../src/transport/streamAnswer';
import { TrustedCertificates } from '../../../src/transport/trustedCertificates';
import { waitFor } from '../../support/waitFor';
import { withEnv } from '../../support/withEnv';

const quiet: TransportLog = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/** One request as the endpoint saw it: the connection it came on and its headers. */
interface Seen {
  socket: Socket;
  headers: IncomingHttpHeaders;
}

describe('transport/endpointClient: keeps the dispatcher and the auth until the settings change', () => {
  let server: Server;
  let endpoint: string;
  const seen: Seen[] = [];
  const connections: Socket[] = [];
  const closed = new Set<Socket>();
  let settings: EndpointOptions;
  let http: HttpSettings;
  let client: EndpointClient;

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ socket: req.socket, headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(encodeSseEvent({ type: 'delta', text: 'ok' }));
      res.end(encodeSseEvent({ type: 'end', stopReason: 'end_turn' }));
    });
    server.on('connection', (socket: Socket) => {
      connections.push(socket);
      socket.on('close', () => closed.add(socket));
    });
    endpoint = `${await listen(server)}/chat`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    connections.length = 0;
    closed.clear();
    settings = {
      endpoint,
      auth: 'none',
      awsProfile: '',
      awsRegion: '',
      timeouts: { connectMs: 2000, firstByteMs: 2000, idleMs: 2000 },
      answerLimits: DEFAULT_ANSWER_LIMITS,
    };
    http = {};
    client = new EndpointClient({
      settings: () => settings,
      http: () => http,
      readApiKey: async () => 'the-api-key',
      log: quiet,
      userAgent: 'test',
      certificates: new TrustedCertificates({ env: {}, readSystem: async () => [] }),
    });
  });
  afterEach(() => client.dispose());

  /** Sends one request and returns what the endpoint saw of it. */
  async function ask(): Promise<Seen> {
    let text = '';
    for await (const event of client.stream({ prompt: 'hi' }, new AbortController().signal)) {
      if (event.type === 'delta') text += event.text;
    }
    assert.equal(text, 'ok');
    // undici takes the connection back into its pool a moment after the body ends.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return seen.at(-1)!;
  }

  it('sends every request with the same settings through one dispatcher (one kept-alive connection)', async () => {
    const first = await ask();
    const second = await ask();
    const third = await ask();
    assert.equal(second.socket, first.socket);
    assert.equal(third.socket, first.socket);
    assert.equal(connections.length, 1);
  });

  it('makes a new dispatcher when the timeouts change, and closes the old one', async () => {
    const first = await ask();
    settings = { ...settings, timeouts: { ...settings.timeouts, idleMs: 3000 } };
    const second = await ask();
    assert.notEqual(second.socket, first.socket);
    await waitFor(() => closed.has(first.socket), 'the old dispatcher closed its connection', 2000);
    assert.equal(closed.has(second.socket), false, 'the new connection stays open');
  });

  it("makes a new dispatcher when VS Code's http.* settings change, and closes the old one", async () => {
    const first = await ask();
    http = { noProxy: ['example.com'] };
    const second = await ask();
    assert.notEqual(second.socket, first.socket);
    await waitFor(() => closed.has(first.socket), 'the old dispatcher closed its connection', 2000);
    assert.equal((await ask()).socket, second.socket, 'the new dispatcher is kept in turn');
  });

  it('keeps the dispatcher when only the auth changes, and uses the new auth at once', async () => {
    const first = await ask();
    assert.equal(first.headers['x-api-key'], undefined);
    settings = { ...settings, auth: 'apiKey' };
    const second = await ask();
    assert.equal(second.headers['x-api-key'], 'the-api-key');
    assert.equal(second.socket, first.socket);
  });

  it('keeps the IAM credentials between requests with the same settings, and loads them again when the region changes', async () => {
    // No profile and no credentials file: the SDK's chain takes the credentials from the environment, once per auth.
    const env = { AWS_ACCESS_KEY_ID: 'AKIDFIRST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config' };
    await withEnv(env, async () => {
      settings = { ...settings, auth: 'iam', awsRegion: 'us-east-1' };
      const credential = async () => /Credential=(\w+)\/\d+\/([\w-]+)\//.exec(String((await ask()).headers.authorization))?.slice(1);
      assert.deepEqual(await credential(), ['AKIDFIRST', 'us-east-1']);
      process.env.AWS_ACCESS_KEY_ID = 'AKIDSECOND';
      assert.deepEqual(await credential(), ['AKIDFIRST', 'us-east-1'], 'the same auth, with the credentials it loaded');
      settings = { ...settings, awsRegion: 'us-west-2' };
      assert.deepEqual(await credential(), ['AKIDSECOND', 'us-west-2'], 'a new auth, which loads the credentials again');
    });
  });
});
