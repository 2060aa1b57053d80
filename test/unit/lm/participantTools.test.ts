import * as assert from 'node:assert/strict';
import { MAX_TOOL_RESULT_BYTES, MAX_TOOL_ROUNDS, capToolResult, modelCallsTools, offeredTools, runToolLoop, runningToolText, withTools, type ToolCall } from '../../../src/lm/participantTools';
import { MAX_TOOLS } from '../../../src/protocol/validate';
import type { ChatRequest, ContentBlock, ModelsResponse, ToolResultContent } from '../../../src/protocol/wire';
import type { AnswerEvent } from '../../../src/transport/streamAnswer';

const schema = { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] };
const offered = ['run_in_terminal', 'get_terminal_output'].map((name) => ({ name, description: `Does ${name}.`, inputSchema: schema }));
const question: ChatRequest = withTools({ prompt: 'List the files.', messages: [{ role: 'user', content: 'List the files.' }], modelId: 'haiku' }, offered);

/** A model that answers request n with `script[n]`; records every request it got. */
function scriptedModel(script: AnswerEvent[][]) {
  const requests: ChatRequest[] = [];
  const answer = async function* (request: ChatRequest, signal: AbortSignal): AsyncGenerator<AnswerEvent> {
    requests.push(structuredClone(request));
    const events = script[Math.min(requests.length - 1, script.length - 1)];
    for (const event of events) {
      if (signal.aborted) throw new Error('aborted');
      yield event;
    }
  };
  return { answer, requests };
}

const call = (id: string, name = 'run_in_terminal', input: unknown = { command: 'ls' }): AnswerEvent => ({ type: 'toolUse', id, name, input });
const text = (t: string): AnswerEvent => ({ type: 'delta', text: t });
const end = (stopReason = 'end_turn'): AnswerEvent => ({ type: 'end', stopReason });

function loopDeps(answer: ReturnType<typeof scriptedModel>['answer'], invoke: (c: ToolCall) => Promise<ToolResultContent[]>, signal = new AbortController().signal) {
  const shown: string[] = [];
  const calls: string[] = [];
  return {
    deps: { answer, invoke, onText: (t: string) => shown.push(t), onToolCall: (c: ToolCall) => calls.push(c.name), signal },
    shown,
    calls,
  };
}

describe('lm/participantTools', () => {
  it('a tool call runs, its result goes back as the next user turn after the call, and the final text streams', async () => {
    const model = scriptedModel([[text('Let me look.'), call('t1'), end('tool_use')], [text('There are 2 files.'), end()]]);
    const invoked: ToolCall[] = [];
    const { deps, shown, calls } = loopDeps(model.answer, async (c) => {
      invoked.push(c);
      return [{ type: 'text', text: 'a.ts\nb.ts' }];
    });
    const result = await runToolLoop(withTools(question, [{ name: 'run_in_terminal', description: 'Runs a command.', inputSchema: schema }]), deps);

    assert.deepEqual(invoked, [{ id: 't1', name: 'run_in_terminal', input: { command: 'ls' } }]);
    assert.deepEqual(calls, ['run_in_terminal']);
    assert.equal(result.rounds, 2);
    assert.equal(result.stoppedAtBound, false);
    assert.equal(result.text, 'Let me look.\n\nThere are 2 files.');
    assert.deepEqual(shown, ['Let me look.', '\n\nThere are 2 files.']);

    const second = model.requests[1];
    assert.equal(second.prompt, undefined, 'no prompt once the last turn is tool results');
    assert.equal(second.protocol, 2);
    assert.deepEqual(second.tools?.map((t) => t.name), ['run_in_terminal'], 'the tools go with every round');
    assert.deepEqual(second.messages, [
      { role: 'user', content: 'List the files.' },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'toolUse', id: 't1', name: 'run_in_terminal', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'toolResult', id: 't1', content: [{ type: 'text', text: 'a.ts\nb.ts' }] }] },
    ]);
  });

  it('several calls in one answer run in order and their results go back together', async () => {
    const model = scriptedModel([[call('t1'), call('t2', 'get_terminal_output', { id: 'x' }), end('tool_use')], [text('Done.'), end()]]);
    const order: string[] = [];
    const { deps } = loopDeps(model.answer, async (c) => {
      order.push(c.id);
      return [];
    });
    await runToolLoop(question, deps);
    assert.deepEqual(order, ['t1', 't2']);
    const results = model.requests[1].messages!.at(-1)!.content as ContentBlock[];
    assert.deepEqual(results, [
      { type: 'toolResult', id: 't1', content: [{ type: 'text', text: '(no output)' }] },
      { type: 'toolResult', id: 't2', content: [{ type: 'text', text: '(no output)' }] },
    ]);
  });

  it('a tool that fails (or is declined) becomes a tool result with status error and the reason, and the loop goes on', async () => {
    const model = scriptedModel([[call('t1'), end('tool_use')], [text('The command was not allowed.'), end()]]);
    const { deps } = loopDeps(model.answer, async () => {
      throw new Error('The user declined to run the command.');
    });
    const result = await runToolLoop(question, deps);
    assert.equal(result.text, 'The command was not allowed.');
    const [block] = model.requests[1].messages!.at(-1)!.content as ContentBlock[];
    assert.deepEqual(block, { type: 'toolResult', id: 't1', status: 'error', content: [{ type: 'text', text: 'The tool run_in_terminal failed: The user declined to run the command.' }] });
  });

  it(`a model that keeps calling tools is stopped after ${MAX_TOOL_ROUNDS} requests, its last calls not run`, async () => {
    const model = scriptedModel([[call('again'), end('tool_use')]]);
    let runs = 0;
    const { deps } = loopDeps(model.answer, async () => {
      runs++;
      return [{ type: 'text', text: 'ok' }];
    });
    const result = await runToolLoop(question, deps);
    assert.equal(result.stoppedAtBound, true);
    assert.equal(result.rounds, MAX_TOOL_ROUNDS);
    assert.equal(model.requests.length, MAX_TOOL_ROUNDS);
    assert.equal(runs, MAX_TOOL_ROUNDS - 1);
  });

  it('cancellation while a tool runs stops the loop: no further request, the error is thrown', async () => {
    const model = scriptedModel([[call('t1'), end('tool_use')], [text('never'), end()]]);
    const abort = new AbortController();
    const { deps } = loopDeps(
      model.answer,
      async () => {
        abort.abort();
        throw new Error('Canceled');
      },
      abort.signal,
    );
    await assert.rejects(runToolLoop(question, deps), /Canceled/);
    assert.equal(model.requests.length, 1);
  });

  it('cancellation while the model streams stops the loop before any tool runs', async () => {
    const abort = new AbortController();
    const answer = async function* (): AsyncGenerator<AnswerEvent> {
      yield text('Let me');
      abort.abort();
      throw new Error('aborted');
    };
    let runs = 0;
    const deps = { answer, invoke: async () => (runs++, []), onText: () => undefined, onToolCall: () => undefined, signal: abort.signal };
    await assert.rejects(runToolLoop(question, deps), /aborted/);
    assert.equal(runs, 0);
  });

  it('a call of a tool the request did not offer is never invoked: it gets an error result "was not offered"', async () => {
    const model = scriptedModel([[call('t1', 'delete_everything', { path: '/' }), call('t2'), end('tool_use')], [text('Done.'), end()]]);
    const invoked: string[] = [];
    const { deps } = loopDeps(model.answer, async (c) => (invoked.push(c.name), [{ type: 'text', text: 'ok' }]));
    await runToolLoop(question, deps);
    assert.deepEqual(invoked, ['run_in_terminal']);
    const results = model.requests[1].messages!.at(-1)!.content as ContentBlock[];
    assert.deepEqual(results[0], { type: 'toolResult', id: 't1', status: 'error', content: [{ type: 'text', text: 'The tool delete_everything was not offered.' }] });
  });

  it('the progress line names the tool inertly: a command link or icon in the name is disarmed', () => {
    const line = runningToolText({ id: 't1', name: '[x](command:workbench.action.quit)$(alert)', input: {} });
    assert.equal(line, 'Running [x] (command:workbench.action.quit)$ (alert)…');
  });

  it(`a tool result is cut at ${MAX_TOOL_RESULT_BYTES / 1024} KB (or a quarter of the body limit) with a note of what was cut`, async () => {
    const big = 'x'.repeat(200 * 1024);
    const model = scriptedModel([[call('t1'), end('tool_use')], [text('Done.'), end()]]);
    const { deps } = loopDeps(model.answer, async () => [{ type: 'text', text: big }]);
    await runToolLoop(question, deps);
    const [result] = model.requests[1].messages!.at(-1)!.content as ContentBlock[];
    assert.ok(result.type === 'toolResult');
    assert.deepEqual(result.content.map((c) => (c.type === 'text' ? c.text.length : -1)), [MAX_TOOL_RESULT_BYTES, '[… cut: 136 KB more]'.length]);
    assert.deepEqual(result.content[1], { type: 'text', text: '[… cut: 136 KB more]' });
    assert.deepEqual(capToolResult([{ type: 'text', text: 'é'.repeat(10) }, { type: 'json', json: { a: 1 } }], 5), [{ type: 'text', text: 'éé' }, { type: 'text', text: '[… cut: 1 KB more]' }], 'never half a character');
  });

  it('a round that would not fit the endpoint\'s limits is not sent: earlier exchanges go first, then the loop stops and says so', async () => {
    const history: ChatRequest = withTools({ messages: [{ role: 'user', content: 'old '.repeat(3000) }, { role: 'assistant', content: 'old answer' }, { role: 'user', content: 'List the files.' }], modelId: 'haiku' }, offered);
    const model = scriptedModel([[call('t1'), end('tool_use')], [call('t2'), call('t3'), call('t4'), end('tool_use')], [text('Done.'), end()]]);
    const { deps } = loopDeps(model.answer, async () => [{ type: 'text', text: 'y'.repeat(6000) }]);
    // 16 KB body limit: each result is cut to 4 KB; round 2 fits without the 12 KB old exchange; round 3 (four results) cannot fit.
    const result = await runToolLoop(history, { ...deps, limits: { maxBodyBytes: 16 * 1024, maxMessages: 200 } });
    assert.equal(model.requests.length, 2, 'the third request is never sent');
    assert.equal(model.requests[1].messages![0].content, 'List the files.', 'the old exchange was dropped to fit round 2');
    assert.equal(result.stoppedTooLarge?.maxBytes, 15 * 1024);
    assert.ok(result.stoppedTooLarge!.bytes > 16 * 1024);
  });

  it('offers the registered tools fitted to the endpoint\'s limits, without VS Code\'s plumbing (as 1.139 lists it without Copilot)', () => {
    const names1139 = ['setup_tools_createNewWorkspace', 'vscode_listCodeUsages', 'vscode_renameSymbol', 'vscode_searchExtensions_internal', 'inline_chat_exit', 'vscode_get_terminal_confirmation', 'get_terminal_output', 'run_in_terminal', 'vscode_editFile_internal', 'manage_todo_list', 'vscode_get_confirmation', 'vscode_get_confirmation_with_options', 'vscode_get_modified_files_confirmation', 'task_complete'];
    const registered = [...names1139, ...Array.from({ length: MAX_TOOLS }, (_, i) => `mcp_tool_${i}`)].map((name) => ({ name, description: `Does ${name}.`, inputSchema: schema }));
    const fitted = offeredTools(registered);
    assert.deepEqual(fitted.tools.slice(0, 5).map((t) => t.name), ['vscode_listCodeUsages', 'vscode_renameSymbol', 'get_terminal_output', 'run_in_terminal', 'manage_todo_list']);
    assert.equal(fitted.tools.length, MAX_TOOLS);
    assert.deepEqual(fitted.dropped, ['mcp_tool_59', 'mcp_tool_60', 'mcp_tool_61', 'mcp_tool_62', 'mcp_tool_63']);
  });

  it('tools only for a v2 model whose catalogue entry says tools (the endpoint default when none is picked)', () => {
    const catalogue: ModelsResponse = {
      protocol: 2,
      defaultModel: 'sonnet',
      models: [
        { id: 'sonnet', name: 'Sonnet', contextTokens: 1000, maxOutputTokens: 100, reasoning: false, tools: true, caching: false },
        { id: 'demo', name: 'Demo', contextTokens: 1000, maxOutputTokens: 100, reasoning: false, tools: false, caching: false },
      ],
      limits: { maxBodyBytes: 1, maxMessages: 1, maxTokens: 100 },
    };
    assert.equal(modelCallsTools(catalogue, 'sonnet'), true);
    assert.equal(modelCallsTools(catalogue, ''), true);
    assert.equal(modelCallsTools(catalogue, undefined), true);
    assert.equal(modelCallsTools(catalogue, 'demo'), false);
    assert.equal(modelCallsTools(catalogue, 'unknown'), false);
    assert.equal(modelCallsTools(undefined, 'sonnet'), false, 'a v1 endpoint');
  });
});
