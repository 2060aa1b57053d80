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

describe('protocol: request validation v2', () => {
  const tool = { name: 'readFile', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };
  const toolTurns = [
    { role: 'user', content: 'read a.txt' },
    { role: 'assistant', content: [{ type: 'reasoning', text: 'I should read it', signature: 'sig' }, { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.txt' } }] },
    { role: 'user', content: [{ type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'hello' }, { type: 'json', json: { size: 5 } }], status: 'success' }] },
  ];
  const v2 = (over: Record<string, unknown>) => ({ protocol: 2, messages: toolTurns, tools: [tool], ...over });

  it('accepts a whole tool round trip with reasoning, toolChoice, reasoning budget and cache, and keeps them', () => {
    const r = validateRequest(v2({ toolChoice: { name: 'readFile' }, reasoning: { budgetTokens: 2048 }, cache: false }));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value, {
      messages: toolTurns,
      protocol: 2,
      tools: [tool],
      toolChoice: { name: 'readFile' },
      reasoning: { budgetTokens: 2048 },
      cache: false,
    });
  });

  it('accepts string content, text blocks and redacted reasoning in a v2 request', () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'reasoning', redacted: 'AAEC' }, { type: 'text', text: 'hello' }] },
      { role: 'user', content: 'and now?' },
    ];
    const r = validateRequest({ protocol: 2, messages, toolChoice: undefined });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value.messages, messages);
  });

  it('a v1 request stays exactly as before: no protocol in the result, blocks refused', () => {
    assert.deepEqual(validateRequest({ prompt: 'hi', protocol: 1 }), { ok: true, value: { messages: [{ role: 'user', content: 'hi' }] } });
    const r = validateRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    assert.deepEqual(r, { ok: false, code: ErrorCode.BadRequest, message: 'messages[0].content must be a non-empty string.' });
  });

  const user = (content: unknown) => ({ role: 'user', content });
  const asst = (content: unknown) => ({ role: 'assistant', content });
  const bad: [string, unknown, RegExp][] = [
    ['an unknown protocol', { protocol: 3, prompt: 'x' }, /"protocol" must be 1 or 2/],
    ['tools without protocol 2', { prompt: 'x', tools: [tool] }, /"tools" needs "protocol": 2/],
    ['cache without protocol 2', { prompt: 'x', cache: false }, /"cache" needs "protocol": 2/],
    ['an empty block array', { protocol: 2, messages: [user([])] }, /must not be an empty array/],
    ['an unknown block type', { protocol: 2, messages: [user([{ type: 'image', text: 'x' }])] }, /\.type must be/],
    ['a blank text block', { protocol: 2, messages: [user([{ type: 'text', text: ' ' }])] }, /text must be a non-empty string/],
    ['reasoning in a user turn', { protocol: 2, messages: [user([{ type: 'reasoning', text: 'x' }])] }, /reasoning blocks belong to assistant turns/],
    ['toolUse in a user turn', { ...v2({}), messages: [user([{ type: 'toolUse', id: 't1', name: 'readFile', input: {} }])] }, /toolUse blocks belong to assistant turns/],
    ['toolResult in an assistant turn', { ...v2({}), messages: [user('a'), asst([{ type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'x' }] }]), user('b')] }, /toolResult blocks belong to user turns/],
    ['a tool-use id outside the pattern', { ...v2({}), messages: [user('a'), asst([{ type: 'toolUse', id: 't 1', name: 'readFile', input: {} }]), user('b')] }, /\.id must be 1–64/],
    ['a tool name outside the pattern', { ...v2({}), messages: [user('a'), asst([{ type: 'toolUse', id: 't1', name: 'read.file', input: {} }]), user('b')] }, /\.name must be 1–64/],
    ['two toolUse blocks with one id', { ...v2({}), messages: [user('a'), asst([{ type: 'toolUse', id: 't1', name: 'readFile', input: {} }, { type: 'toolUse', id: 't1', name: 'readFile', input: {} }]), user('b')] }, /repeats an earlier block's id/],
    ['toolUse input that is not an object', { ...v2({}), messages: [user('a'), asst([{ type: 'toolUse', id: 't1', name: 'readFile', input: '{}' }]), user('b')] }, /input must be a JSON object/],
    ['a toolResult naming no toolUse of the turn before', { ...v2({}), messages: [user('a'), asst('b'), user([{ type: 'toolResult', id: 't9', content: [{ type: 'text', text: 'x' }] }])] }, /id of a toolUse in the assistant turn before/],
    ['a toolUse left without its toolResult', { ...v2({}), messages: [user('a'), asst([{ type: 'toolUse', id: 't1', name: 'readFile', input: {} }]), user('b')] }, /must answer every toolUse/],
    ['a toolResult with a bad status', { ...v2({}), messages: [toolTurns[0], toolTurns[1], user([{ type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'x' }], status: 'ok' }])] }, /status must be/],
    ['a toolResult with bad content', { ...v2({}), messages: [toolTurns[0], toolTurns[1], user([{ type: 'toolResult', id: 't1', content: [{ type: 'json', json: 'x' }] }])] }, /content\[0\] must be/],
    ['tool blocks without tools', { protocol: 2, messages: toolTurns }, /send the "tools" too/],
    ['redacted reasoning that is not base64', { protocol: 2, messages: [user('a'), asst([{ type: 'reasoning', redacted: 'not base64!' }, { type: 'text', text: 'b' }]), user('c')] }, /redacted must be non-empty base64/],
    ['an assistant turn of reasoning only', { protocol: 2, messages: [user('a'), asst([{ type: 'reasoning', text: 'hm', signature: 's' }]), user('c')] }, /needs a block besides reasoning/],
    ['block turns out of order', { protocol: 2, messages: [asst([{ type: 'text', text: 'b' }])] }, /alternate/],
    ['tools that are not an array', v2({ tools: {} }), /"tools" must be a non-empty array/],
    ['a tool without a schema', v2({ tools: [{ name: 'readFile' }] }), /inputSchema must be a JSON Schema object/],
    ['a tool with a bad name', v2({ prompt: 'x', messages: undefined, tools: [{ ...tool, name: 'x'.repeat(65) }] }), /tools\[0\]\.name must be 1–64/],
    ['two tools with one name', v2({ tools: [tool, tool] }), /repeats an earlier tool's name/],
    ['more than 64 tools', v2({ prompt: 'x', messages: undefined, tools: Array.from({ length: 65 }, (_, i) => ({ ...tool, name: `t${i}` })) }), /at most 64/],
    ['tools over 64 KB as JSON', v2({ tools: [{ ...tool, description: 'd'.repeat(70_000) }] }), /characters as JSON; at most 65536/],
    ['a toolChoice naming no given tool', v2({ toolChoice: { name: 'writeFile' } }), /must name one of "tools"/],
    ['a toolChoice of another shape', v2({ toolChoice: 'tool' }), /"toolChoice" must be/],
    ['a toolChoice without tools', { protocol: 2, prompt: 'x', toolChoice: 'auto' }, /"toolChoice" needs "tools"/],
    ['a reasoning budget under 1024', v2({ reasoning: { budgetTokens: 1023 } }), /budgetTokens.*at least 1024/],
    ['a reasoning budget that is not an integer', v2({ reasoning: { budgetTokens: 2048.5 } }), /budgetTokens/],
    ['cache that is not a boolean', v2({ cache: 'no' }), /"cache" must be true or false/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => {
      const r = validateRequest(input);
      assert.equal(r.ok, false, JSON.stringify(r));
      if (!r.ok) {
        assert.equal(r.code, ErrorCode.BadRequest);
        assert.match(r.message, message);
      }
    });
  }

  it('error messages about tools and blocks never quote the offending names or ids', () => {
    const secret = 'SECRET_tool-name-that-is-far-too-long-for-bedrock-to-ever-accept-it';
    for (const input of [
      v2({ tools: [{ ...tool, name: secret }] }),
      v2({ toolChoice: { name: secret } }),
      { ...v2({}), messages: [user('a'), asst([{ type: 'toolUse', id: secret, name: 'readFile', input: {} }]), user('b')] },
      { ...v2({}), messages: [user('a'), asst('b'), user([{ type: 'toolResult', id: 'SECRET', content: [{ type: 'text', text: 'x' }] }])] },
    ]) {
      const r = validateRequest(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(!r.message.includes('SECRET'), r.message);
    }
  });
});
