import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { decodeSseEvent, type StreamEvent } from '../../../../src/protocol/wire';
import { decodePlainText } from '../../../../src/transport/decoders';
import { signRequest } from '../../../../src/transport/sigv4';
import { demoAnswer, mixedDeltas } from '../../../../infra/local/demoAnswer';
import { startLocalStack } from '../../../../infra/local/stack';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  chunks: { at: number; bytes: Buffer }[];
  text: string;
}

/** POSTs with undici and records every chunk with its arrival time. */
async function post(endpoint: string, body: unknown, headers: Record<string, string> = {}): Promise<Received> {
  const res = await request(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const chunks: Received['chunks'] = [];
  const decoder = new TextDecoder('utf-8', { stream: true } as TextDecoderOptions);
  let text = '';
  try {
    for await (const chunk of res.body) {
      chunks.push({ at: Date.now(), bytes: chunk as Buffer });
      text += decoder.decode(chunk as Buffer, { stream: true });
    }
  } catch {
    // a cut stream: keep what arrived
  }
  text += decoder.decode();
  return { status: res.statusCode, headers: res.headers, chunks, text };
}

function sse(text: string): StreamEvent[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => decodeSseEvent(/^event: (.*)$/m.exec(block)?.[1], /^data: (.*)$/m.exec(block)?.[1] ?? '') as StreamEvent);
}

function deltasText(events: StreamEvent[]): string {
  return events
    .filter((e) => e.type === 'delta')
    .map((e) => (e as { text: string }).text)
    .join('');
}

/** Exactly one terminal event, and it is the last one. */
function terminal(events: StreamEvent[]): StreamEvent {
  const ends = events.filter((e) => e.type === 'end' || e.type === 'error');
  assert.equal(ends.length, 1, `one end/error event in ${JSON.stringify(events.map((e) => e.type))}`);
  assert.equal(events.at(-1), ends[0]);
  assert.equal(events[0].type, 'start');
  return ends[0];
}

describe('infra/local stack end to end (real handler, real SDK → fake Bedrock)', function () {
  this.timeout(30_000);
  let stack: Stack;
  const lines: string[] = [];

  before(async () => {
    stack = await startLocalStack({ fake: { firstTokenDelayMs: 5, tokensPerSecond: 1000 }, log: (l) => lines.push(l) });
  });
  after(async () => {
    await stack?.close();
  });

  it('listens on 127.0.0.1 at …/chat, and the SDK reached the fake over HTTP/2', async () => {
    assert.match(stack.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/chat$/);
    assert.equal(stack.endpoint, `${stack.url}/chat`);
    const r = await post(stack.endpoint, { prompt: 'ping' });
    assert.equal(r.status, 200);
    assert.equal(stack.fake?.requests.at(-1)?.httpVersion, '2.0');
  });

  it('undici sees each delta as it is produced (slow rate), in order start → delta* → end', async () => {
    const prompt = 'How do I stream from Lambda? [[fake:rate=60]]';
    const t0 = Date.now();
    const r = await post(stack.endpoint, { prompt });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/event-stream');
    const events = sse(r.text);
    assert.equal(terminal(events).type, 'end');
    assert.equal(deltasText(events), demoAnswer(prompt));
    assert.match(deltasText(events), /> How do I stream from Lambda\?/);
    assert.match(deltasText(events), /```typescript\n/);
    const spread = r.chunks.at(-1)!.at - r.chunks[0].at;
    const total = Date.now() - t0;
    assert.ok(r.chunks.length > 20, `arrived in ${r.chunks.length} chunks`);
    assert.ok(spread > total * 0.6, `arrivals spread over ${spread} ms of ${total} ms, not bunched at the end`);
    const end = events.at(-1) as Extract<StreamEvent, { type: 'end' }>;
    assert.equal(end.stopReason, 'end_turn');
    assert.ok((end.usage?.outputTokens ?? 0) > 20);
  });

  it('curl --no-buffer prints the answer progressively', async () => {
    const arrivals: { at: number; text: string }[] = [];
    const t0 = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const curl = spawn('/usr/bin/curl', ['-sS', '--no-buffer', '-H', 'content-type: application/json', '-d', JSON.stringify({ prompt: 'Explain bash pipes [[fake:rate=60]]' }), stack.endpoint]);
      curl.stdout.on('data', (d: Buffer) => arrivals.push({ at: Date.now(), text: d.toString('utf8') }));
      curl.on('close', resolve);
    });
    assert.equal(code, 0);
    const text = arrivals.map((a) => a.text).join('');
    assert.equal(text, demoAnswer('Explain bash pipes [[fake:rate=60]]'), 'curl without accept gets plain text');
    assert.match(text, /```bash\n/);
    const total = Date.now() - t0;
    assert.ok(arrivals.length > 10, `curl printed ${arrivals.length} pieces`);
    assert.ok(arrivals.at(-1)!.at - arrivals[0].at > total * 0.5, 'pieces arrived over time');
  });

  it('text/plain: the exact bytes of the answer (echo), Japanese and emoji intact', async () => {
    const prompt = '日本語のテキスト 🎉 "quotes" \\ back\nslash [[fake:echo]]';
    const r = await post(stack.endpoint, { prompt }, { accept: 'text/plain' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(r.text, prompt);
  });

  it('many short mixed Japanese/ASCII deltas arrive whole and in order', async () => {
    const r = await post(stack.endpoint, { prompt: 'go [[fake:deltas=300]]' });
    const events = sse(r.text);
    assert.equal(terminal(events).type, 'end');
    assert.equal(deltasText(events), mixedDeltas(300).join(''));
  });

  it('a queued script with exact pieces streams each piece as its own delta', async () => {
    const pieces = ['const ', 'x = ', '"日本', '語";\n', '🎉'];
    stack.fake!.enqueue({ pieces });
    const events = sse((await post(stack.endpoint, { prompt: 'anything' })).text);
    assert.equal(terminal(events).type, 'end');
    assert.deepEqual(
      events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text),
      pieces,
    );
  });

  const preStream: [string, number, string, RegExp][] = [
    ['throttle', 429, 'ThrottlingException', /Too many requests/],
    ['validation', 400, 'ValidationException', /Malformed input/],
    ['access-denied', 403, 'AccessDeniedException', /Bedrock console/],
    ['unavailable', 503, 'ServiceUnavailableException', /unable to process/],
  ];
  for (const [directive, status, code, message] of preStream) {
    it(`[[fake:${directive}]] → HTTP ${status} ${code} before the first byte`, async () => {
      const r = await post(stack.endpoint, { prompt: `x [[fake:${directive}]]` });
      assert.equal(r.status, status);
      assert.equal(r.headers['content-type'], 'application/json');
      const body = JSON.parse(r.text) as { error: { code: string; message: string } };
      assert.equal(body.error.code, code);
      assert.match(body.error.message, message);
    });
  }

  const midStream: [string, string, boolean][] = [
    ['mid-throttle', 'ThrottlingException', true],
    ['mid-model-error', 'ModelStreamErrorException', true],
    ['drop', 'Truncated', true],
    ['no-stop', 'Truncated', true],
  ];
  for (const [directive, code, retryable] of midStream) {
    it(`[[fake:${directive}]] → 200, some text, then one error event ${code}`, async () => {
      const r = await post(stack.endpoint, { prompt: `x [[fake:${directive}]]` });
      assert.equal(r.status, 200);
      const events = sse(r.text);
      const end = terminal(events) as Extract<StreamEvent, { type: 'error' }>;
      assert.equal(end.type, 'error');
      assert.equal(end.code, code);
      assert.equal(end.retryable, retryable);
      assert.ok(deltasText(events).length > 0, 'text before the error is kept');
    });
  }

  it('plain text: a mid-stream error appends the [ERROR] trailer, which the client reads as an error after the text', async () => {
    const r = await post(stack.endpoint, { prompt: 'x [[fake:mid-throttle]]' }, { accept: 'text/plain' });
    assert.equal(r.status, 200);
    assert.match(r.text, /\n\[ERROR\]\nToo many tokens, please wait before trying again\.\n$/);
    const events: StreamEvent[] = [];
    for await (const e of decodePlainText(Readable.from([new TextEncoder().encode(r.text)]))) events.push(e);
    const last = events[events.length - 1];
    assert.equal(last.type, 'error');
    assert.match(last.type === 'error' ? last.message : '', /Too many tokens/);
    assert.ok(events.some((e) => e.type === 'delta' && e.text.length > 0), 'the text before the error is kept');
  });

  it('validation errors come back as 400 JSON through every layer', async () => {
    const r = await post(stack.endpoint, '{"prompt": 1');
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.text).error.code, 'BadRequest');
    const m = await post(stack.endpoint, { prompt: 'x', modelId: 'not-allowed' });
    assert.equal(m.status, 400);
    assert.equal(JSON.parse(m.text).error.code, 'ModelNotAllowed');
  });

  it('a programmatically queued script applies to the next request only', async () => {
    stack.fake!.enqueue({ text: 'scripted answer', tokensPerSecond: 0 });
    const a = await post(stack.endpoint, { prompt: 'anything' }, { accept: 'text/plain' });
    assert.equal(a.text, 'scripted answer');
    const b = await post(stack.endpoint, { prompt: 'anything' }, { accept: 'text/plain' });
    assert.notEqual(b.text, 'scripted answer');
  });

  it('unknown paths and methods → 403 Missing Authentication Token, like API Gateway', async () => {
    const r = await request(`${stack.url}/nope`, { method: 'POST', body: '{}' });
    assert.equal(r.statusCode, 403);
    assert.deepEqual(await r.body.json(), { message: 'Missing Authentication Token' });
    const g = await request(stack.endpoint, { method: 'GET' });
    assert.equal(g.statusCode, 403);
    await g.body.text();
  });

  it('writes an access log line per request with the transfer mode and time to first content', () => {
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.responseTransferMode === 'STREAMED');
    assert.ok(access.length > 5);
    assert.ok(access.some((l) => typeof l.timeToFirstContentMs === 'number'));
  });
});

describe('infra/local stack deadlines', function () {
  this.timeout(20_000);
  it('[[fake:stall]] → the handler aborts Bedrock before the function timeout: one Timeout error event', async () => {
    const stack = await startLocalStack({ fake: { firstTokenDelayMs: 0, tokensPerSecond: 0 }, functionTimeoutMs: 2500 });
    try {
      const t0 = Date.now();
      const r = await post(stack.endpoint, { prompt: 'x [[fake:stall]]' });
      const elapsed = Date.now() - t0;
      assert.equal(r.status, 200);
      const events = sse(r.text);
      assert.deepEqual(terminal(events), {
        type: 'error',
        code: 'Timeout',
        message: 'The answer was cut short: the function was about to time out.',
        retryable: false,
      });
      assert.ok(deltasText(events).length > 0);
      assert.ok(elapsed >= 400 && elapsed < 2500, `aborted at timeout minus the margin (${elapsed} ms)`);
    } finally {
      await stack.close();
    }
  });
});

describe('infra/local stack auth', function () {
  this.timeout(20_000);
  const opened: Stack[] = [];
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });
  const start = async (opts: Parameters<typeof startLocalStack>[0]) => {
    const s = await startLocalStack({ fake: { firstTokenDelayMs: 0, tokensPerSecond: 0 }, ...opts });
    opened.push(s);
    return s;
  };

  it('apiKey: missing or wrong x-api-key → 403 {"message":"Forbidden"}; the right key → 200', async () => {
    const s = await start({ auth: 'apiKey', apiKey: 'k-123' });
    for (const headers of [{}, { 'x-api-key': 'wrong' }] as Record<string, string>[]) {
      const r = await post(s.endpoint, { prompt: 'hi' }, headers);
      assert.equal(r.status, 403);
      assert.deepEqual(JSON.parse(r.text), { message: 'Forbidden' });
    }
    const ok = await post(s.endpoint, { prompt: 'hi' }, { 'x-api-key': 'k-123' });
    assert.equal(ok.status, 200);
    assert.equal(terminal(sse(ok.text)).type, 'end');
  });

  describe('iam (SigV4 for execute-api, signed by the extension’s own signer)', () => {
    const creds = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' };
    let s: Stack;
    before(async () => {
      s = await start({ auth: 'iam', iamCredentials: creds, region: 'eu-west-1' });
    });

    async function signed(body: string, opts: { region?: string; secret?: string; date?: Date; tamper?: string } = {}) {
      const url = new URL(s.endpoint);
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
      const credentials = { accessKeyId: creds.accessKeyId, secretAccessKey: opts.secret ?? creds.secretAccessKey };
      const auth = await signRequest({ url, method: 'POST', headers, body }, opts.region ?? 'eu-west-1', credentials, opts.date);
      return post(s.endpoint, opts.tamper ?? body, { ...headers, ...auth });
    }

    it('accepts a correctly signed request', async () => {
      const r = await signed(JSON.stringify({ prompt: 'hi' }));
      assert.equal(r.status, 200, r.text);
      assert.equal(terminal(sse(r.text)).type, 'end');
    });

    it('no Authorization header → 403 Missing Authentication Token', async () => {
      const r = await post(s.endpoint, { prompt: 'hi' });
      assert.equal(r.status, 403);
      assert.deepEqual(JSON.parse(r.text), { message: 'Missing Authentication Token' });
    });

    it('a tampered body → 403 signature mismatch', async () => {
      const r = await signed(JSON.stringify({ prompt: 'hi' }), { tamper: JSON.stringify({ prompt: 'HI' }) });
      assert.equal(r.status, 403);
      assert.match(JSON.parse(r.text).message, /^The request signature we calculated does not match the signature you provided/);
    });

    it('a wrong secret → 403 signature mismatch', async () => {
      const r = await signed(JSON.stringify({ prompt: 'hi' }), { secret: 'nope' });
      assert.equal(r.status, 403);
      assert.match(JSON.parse(r.text).message, /signature we calculated does not match/);
    });

    it('the wrong region → 403', async () => {
      const r = await signed(JSON.stringify({ prompt: 'hi' }), { region: 'us-east-1' });
      assert.equal(r.status, 403);
      assert.match(JSON.parse(r.text).message, /Credential should be scoped to a valid region, not 'us-east-1'/);
    });

    it('an expired signature (more than 5 minutes old) → 403 Signature expired', async () => {
      const r = await signed(JSON.stringify({ prompt: 'hi' }), { date: new Date(Date.now() - 6 * 60 * 1000) });
      assert.equal(r.status, 403);
      assert.match(JSON.parse(r.text).message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    });
  });
});
