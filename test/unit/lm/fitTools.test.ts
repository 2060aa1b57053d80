import * as assert from 'node:assert/strict';
import { fitSummary, fitTools, SHORT_DESCRIPTION_CHARS } from '../../../src/lm/fitTools';
import { toWireRequest } from '../../../src/lm/toWireRequest';
import { MAX_TOOLS, MAX_TOOLS_JSON_CHARS, validateRequest } from '../../../src/protocol/validate';
import type { ToolSpec } from '../../../src/protocol/wire';

const schema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
const tool = (name: string, description = `Does ${name}.`): ToolSpec => ({ name, description, inputSchema: schema });
const names = (tools: readonly ToolSpec[]) => tools.map((t) => t.name);

describe('lm/fitTools', () => {
  it('tools within the limits go through unchanged, in order, with nothing to log', () => {
    const offered = [tool('copilot_readFile'), tool('copilot_replaceString'), tool('run_in_terminal')];
    const fitted = fitTools(offered);
    assert.deepEqual(fitted, { tools: offered, dropped: [], shortened: [] });
    assert.equal(fitSummary(fitted, offered.length), undefined);
  });

  it('past MAX_TOOLS the later tools are left out (VS Code lists its built-in tools first)', () => {
    const offered = Array.from({ length: MAX_TOOLS + 6 }, (_, i) => tool(`tool_${i}`));
    const fitted = fitTools(offered);
    assert.equal(fitted.tools.length, MAX_TOOLS);
    assert.deepEqual(names(fitted.tools), names(offered.slice(0, MAX_TOOLS)));
    assert.deepEqual(fitted.dropped, names(offered.slice(MAX_TOOLS)));
  });

  it('a name Bedrock refuses, or a repeated one, is left out instead of failing the whole request', () => {
    const fitted = fitTools([tool('mcp.server/search'), tool('copilot_readFile'), tool('copilot_readFile', 'again')]);
    assert.deepEqual(names(fitted.tools), ['copilot_readFile']);
    assert.equal(fitted.tools[0].description, 'Does copilot_readFile.');
    assert.deepEqual(fitted.dropped, ['mcp.server/search', 'copilot_readFile']);
  });

  it('over the JSON size, the longest descriptions are cut first and every tool stays', () => {
    const long = 'x'.repeat(9_000);
    const offered = [tool('a_short'), tool('b_long', long), tool('c_longer', long + long), tool('d_long', long)];
    const fitted = fitTools(offered, { maxTools: 10, maxJsonChars: 20_000 });
    assert.deepEqual(names(fitted.tools), names(offered), 'no tool is left out');
    assert.deepEqual(fitted.shortened, ['c_longer'], 'cutting the longest one was enough');
    assert.equal(fitted.tools[2].description!.length, SHORT_DESCRIPTION_CHARS);
    assert.equal(fitted.tools[1].description, long, 'the others keep their description');
    assert.ok(JSON.stringify(fitted.tools).length <= 20_000);
  });

  it('when short descriptions are not enough, tools are left out from the end until the JSON fits', () => {
    const bigSchema = { type: 'object', properties: { text: { type: 'string', description: 'y'.repeat(5_000) } } };
    const offered = Array.from({ length: 5 }, (_, i): ToolSpec => ({ name: `t${i}`, description: 'z'.repeat(1_000), inputSchema: bigSchema }));
    const fitted = fitTools(offered, { maxTools: 10, maxJsonChars: 16_000 });
    assert.deepEqual(names(fitted.tools), ['t0', 't1']);
    assert.deepEqual(fitted.dropped, ['t4', 't3', 't2']);
    assert.deepEqual(fitted.shortened, ['t0', 't1'], 'only the tools still sent are reported as shortened');
    assert.ok(JSON.stringify(fitted.tools).length <= 16_000);
  });

  it('an agent-mode sized offer (90 tools, 150 KB) becomes a request the endpoint accepts, and the log line says what was left out', () => {
    const offered = Array.from({ length: 90 }, (_, i) => tool(`tool_${String(i).padStart(2, '0')}`, `${'Use this tool when… '.repeat(80)}`));
    const fitted = fitTools(offered);
    assert.ok(JSON.stringify(offered).length > 2 * MAX_TOOLS_JSON_CHARS);
    const request = toWireRequest([{ role: 1, content: [{ value: 'read lines.ts' }] }], { protocol: 2, tools: fitted.tools });
    const result = validateRequest(JSON.parse(JSON.stringify(request)));
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(fitted.tools[0].name, 'tool_00');
    const note = fitSummary(fitted, offered.length);
    assert.match(note!, /^Chat tools: 90 offered, 64 sent \(the endpoint takes at most 64 tools and 65536 characters of tool JSON\); left out: tool_64, .*tool_89; descriptions shortened: /);
  });
});
