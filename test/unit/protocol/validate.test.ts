import * as assert from 'node:assert/strict';
import { parseRequest, validateRequest } from '../../../src/protocol/validate';
import { DEFAULT_MAX_MESSAGES, ErrorCode } from '../../../src/protocol/wire';

describe('protocol: request validation', () => {
  it('turns a prompt into a one-turn conversation and keeps the options', () => {
    const r = parseRequest(JSON.stringify({ prompt: 'hi', system: 'be brief', modelId: 'm', maxTokens: 10, temperature: 0.5 }));
    assert.deepEqual(r, { ok: true, value: { messages: [{ role: 'user', content: 'hi' }], system: 'be brief', modelId: 'm', maxTokens: 10, temperature: 0.5 } });
  });

  it("accepts the seed Lambda's `message` field", () => {
    assert.deepEqual(validateRequest({ message: 'こんにちは' }), { ok: true, value: { messages: [{ role: 'user', content: 'こんにちは' }] } });
  });

  it('prefers `messages` over `prompt`', () => {
    const messages = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ];
    const r = validateRequest({ prompt: 'ignored', messages });
    assert.ok(r.ok);
    assert.deepEqual(r.value.messages, messages);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', [1, 2], /JSON object/],
    ['missing prompt', {}, /non-empty "prompt"/],
    ['blank prompt', { prompt: '   ' }, /non-empty "prompt"/],
    ['prompt of the wrong type', { prompt: 42 }, /"prompt" must be a string/],
    ['maxTokens not an integer', { prompt: 'x', maxTokens: 1.5 }, /maxTokens/],
    ['maxTokens zero', { prompt: 'x', maxTokens: 0 }, /maxTokens/],
    ['temperature out of range', { prompt: 'x', temperature: 2 }, /temperature/],
    ['empty modelId', { prompt: 'x', modelId: ' ' }, /modelId/],
    ['empty messages', { messages: [] }, /non-empty array/],
    ['messages ending with the assistant', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }, /end with a user turn/],
    ['messages not alternating', { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }, /alternate/],
    ['unknown role', { messages: [{ role: 'system', content: 'a' }] }, /role/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => {
      const r = validateRequest(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.code, ErrorCode.BadRequest);
        assert.match(r.message, message);
      }
    });
  }

  it('reports bad JSON without throwing', () => {
    const r = parseRequest('{"prompt": ');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /not valid JSON/);
  });

  it("bad JSON: a fixed message with at most a position, never the parser's quote of the body", () => {
    assert.deepEqual(parseRequest('SECRET prompt, not JSON'), { ok: false, code: ErrorCode.BadRequest, message: 'Request body is not valid JSON.' });
    assert.deepEqual(parseRequest('{"prompt": "SECRET" oops}'), { ok: false, code: ErrorCode.BadRequest, message: 'Request body is not valid JSON (at position 20).' });
  });

  it(`limits "messages" to DEFAULT_MAX_MESSAGES (${DEFAULT_MAX_MESSAGES}) unless told otherwise`, () => {
    const turns = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'x' }));
    assert.equal(DEFAULT_MAX_MESSAGES, 200);
    assert.equal(validateRequest({ messages: turns(199) }).ok, true);
    assert.deepEqual(validateRequest({ messages: turns(201) }), {
      ok: false,
      code: ErrorCode.BadRequest,
      message: '"messages" has 201 entries; this endpoint accepts at most 200. Start a new conversation or leave out earlier turns.',
    });
    assert.equal(validateRequest({ messages: turns(3) }, { maxMessages: 3 }).ok, true);
    assert.match((validateRequest({ messages: turns(5) }, { maxMessages: 3 }) as { message: string }).message, /has 5 entries.*at most 3/);
    assert.match((parseRequest(JSON.stringify({ messages: turns(5) }), { maxMessages: 3 }) as { message: string }).message, /at most 3/);
  });
});
