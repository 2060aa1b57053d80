import * as assert from 'node:assert/strict';
import type { ConverseBody } from '../../../../infra/local/converseRequest';
import { plannedToolUse } from '../../../../infra/local/fakeToolUse';

const fileSchema = { json: { type: 'object', properties: { filePath: { type: 'string' }, startLine: { type: 'number' } }, required: ['filePath', 'startLine'] } };
const tools = [
  { toolSpec: { name: 'replace_string_in_file', inputSchema: fileSchema } },
  { toolSpec: { name: 'read_file', inputSchema: fileSchema } },
];
const ask = (text: string): ConverseBody => ({ messages: [{ role: 'user', content: [{ text }] }], toolConfig: { tools } });

describe('infra/local fakeToolUse', () => {
  it('[[fake:tool:NAME]] calls that tool even when the prompt mentions another one first', () => {
    const call = plannedToolUse(ask('Use replace_string_in_file only when asked. What does lines.ts do? [[fake:tool:read_file]]'));
    assert.equal(call?.name, 'read_file');
  });

  it('[[fake:input:KEY=VALUE]] sets a property of the input (a path with dots and slashes); the rest still satisfies the schema', () => {
    const call = plannedToolUse(ask('Read it [[fake:tool:read_file]] [[fake:input:filePath=/tmp/ws-1/lines.ts]]'));
    assert.deepEqual(call?.input, { filePath: '/tmp/ws-1/lines.ts', startLine: 1 });
  });

  it('a directive naming a tool that is not offered makes no call under auto', () => {
    assert.equal(plannedToolUse(ask('Hello [[fake:tool:run_in_terminal]]')), undefined);
  });
});
