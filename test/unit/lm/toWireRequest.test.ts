import * as assert from 'node:assert/strict';
import { validateRequest } from '../../../src/protocol/validate';
import type { ChatRequest } from '../../../src/protocol/wire';
import { LM_ROLE, messageText, toWireRequest, type LmMessage } from '../../../src/lm/toWireRequest';

// Stand-ins with the shapes of vscode's part classes (LanguageModelTextPart, …ToolCallPart, …ToolResultPart, …DataPart).
const text = (value: string) => ({ value });
const toolCall = (callId: string, name: string, input: object) => ({ callId, name, input });
const toolResult = (callId: string, content: unknown[], isError?: boolean) => ({ callId, content, ...(isError ? { isError } : {}) });
const data = (mimeType: string, value: string) => ({ mimeType, data: new TextEncoder().encode(value) });
const user = (...content: unknown[]): LmMessage => ({ role: LM_ROLE.User, content });
const assistant = (...content: unknown[]): LmMessage => ({ role: LM_ROLE.Assistant, content });

const readFile = { name: 'readFile', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

/** The endpoint's own validation accepts it. */
function assertValid(request: ChatRequest): void {
  const result = validateRequest(JSON.parse(JSON.stringify(request)));
  assert.ok(result.ok, result.ok ? '' : result.message);
}

describe('lm/toWireRequest', () => {
  it('a plain text conversation: string turns, `prompt` repeats the last one, protocol 2', () => {
    const request = toWireRequest([user(text('Hi')), assistant(text('Hello!')), user(text('What is SSE?'))], { protocol: 2, modelId: 'demo', maxTokens: 100, temperature: 0.2 });
    assert.deepEqual(request, {
      prompt: 'What is SSE?',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'What is SSE?' },
      ],
      modelId: 'demo',
      maxTokens: 100,
      temperature: 0.2,
      protocol: 2,
    });
    assertValid(request);
  });

  it('a tool round trip: toolUse in the assistant turn, toolResult (text, JSON, error) in the next user turn', () => {
    const request = toWireRequest(
      [
        user(text('Read a.ts')),
        assistant(text('Reading it.'), toolCall('t1', 'readFile', { path: 'a.ts' }), toolCall('t2', 'readFile', { path: 'b.ts' })),
        user(toolResult('t1', [text('export const a = 1;'), data('application/json', '{"lines":1}')]), toolResult('t2', [text('ENOENT')], true)),
      ],
      { protocol: 2, tools: [readFile], toolMode: 'auto' },
    );
    assert.deepEqual(request.messages?.[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Reading it.' },
        { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.ts' } },
        { type: 'toolUse', id: 't2', name: 'readFile', input: { path: 'b.ts' } },
      ],
    });
    assert.deepEqual(request.messages?.[2], {
      role: 'user',
      content: [
        { type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'export const a = 1;' }, { type: 'json', json: { lines: 1 } }] },
        { type: 'toolResult', id: 't2', content: [{ type: 'text', text: 'ENOENT' }], status: 'error' },
      ],
    });
    assert.equal(request.prompt, undefined, 'the last turn is blocks, not text');
    assert.deepEqual(request.tools, [readFile]);
    assert.equal(request.toolChoice, undefined, 'auto is the endpoint default');
    assertValid(request);
  });

  it('toolMode required: the one tool by name, or any of several', () => {
    const one = toWireRequest([user(text('go'))], { protocol: 2, tools: [readFile], toolMode: 'required' });
    assert.deepEqual(one.toolChoice, { name: 'readFile' });
    assertValid(one);
    const two = toWireRequest([user(text('go'))], { protocol: 2, tools: [readFile, { name: 'list_dir', description: '' }], toolMode: 'required' });
    assert.equal(two.toolChoice, 'any');
    assert.deepEqual(two.tools?.[1], { name: 'list_dir', description: 'list_dir', inputSchema: { type: 'object', properties: {} } }, 'a description and a schema the endpoint requires');
    assertValid(two);
  });

  it('system messages (role 3) become `system`; adjacent turns of one role merge; leading assistant turns and empty text go', () => {
    const request = toWireRequest(
      [
        { role: LM_ROLE.System, content: [text('You are terse.')] },
        assistant(text('(greeting)')),
        user(text('one')),
        user(text('  '), text('two')),
        assistant(text('ok')),
        user(text('three'), { mimeType: 'image/png', data: new Uint8Array([1, 2]) }),
      ],
      { protocol: 2 },
    );
    assert.equal(request.system, 'You are terse.');
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'one\n\ntwo' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'three' },
    ]);
    assertValid(request);
  });

  it('protocol 1 (a v1 endpoint): text only — no protocol, tools or tool blocks', () => {
    const request = toWireRequest(
      [user(text('Read a.ts')), assistant(text('Reading.'), toolCall('t1', 'readFile', { path: 'a.ts' })), user(toolResult('t1', [text('x')]), text('Go on'))],
      { protocol: 1, tools: [readFile], toolMode: 'required' },
    );
    assert.deepEqual(request, {
      prompt: 'Go on',
      messages: [
        { role: 'user', content: 'Read a.ts' },
        { role: 'assistant', content: 'Reading.' },
        { role: 'user', content: 'Go on' },
      ],
    });
    assertValid(request);
  });

  it('messageText: text, tool calls and tool results as text, for token counting', () => {
    assert.equal(messageText(user(text('a'), toolCall('t1', 'readFile', { path: 'x' }), toolResult('t1', [text('b'), { value: { n: 1 } }]))), 'a\nreadFile {"path":"x"}\nb\n{"n":1}');
  });
});
