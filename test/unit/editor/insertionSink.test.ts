import * as assert from 'node:assert/strict';
import { InsertionSink } from '../../../src/editor/insertionSink';

describe('editor/InsertionSink', () => {
  it('writes the text of delta events without the surrounding fence, and ignores the others', () => {
    const written: string[] = [];
    const sink = new InsertionSink((text) => written.push(text));
    sink.push({ type: 'start', id: 'r1', model: 'm' });
    sink.push({ type: 'delta', text: '```ts\nconst a = 1;\n' });
    sink.push({ type: 'delta', text: '' });
    sink.push({ type: 'delta', text: 'const b = 2;\n```' });
    sink.push({ type: 'end', stopReason: 'end_turn' });
    sink.end();
    assert.equal(written.join(''), 'const a = 1;\nconst b = 2;');
    assert.ok(written.every((text) => text !== ''), 'never writes empty text');
    assert.equal(sink.inserted, 'const a = 1;\nconst b = 2;');
  });

  it('writes only the text of a v2 answer: reasoning, tool calls and guardrail events change nothing', () => {
    const written: string[] = [];
    const sink = new InsertionSink((text) => written.push(text));
    sink.push({ type: 'start', id: 'r2', model: 'm', protocol: 2 });
    sink.push({ type: 'reasoning', text: '```ts\nnot code\n```' });
    sink.push({ type: 'reasoning', signature: 'sig' });
    sink.push({ type: 'delta', text: '```ts\nconst a = 1;\n' });
    sink.push({ type: 'reasoning', redacted: 'AAEC' });
    sink.push({ type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.ts' } });
    sink.push({ type: 'guardrail', action: 'INTERVENED', policies: ['contentPolicy'] });
    sink.push({ type: 'delta', text: '```' });
    sink.push({ type: 'end', stopReason: 'guardrail_intervened', usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 5 } });
    sink.end();
    assert.equal(written.join(''), 'const a = 1;');
    assert.equal(sink.inserted, 'const a = 1;');
  });

  it('reports what was written with the status and edit count', () => {
    const sink = new InsertionSink(() => undefined);
    sink.push({ type: 'delta', text: 'x = 1' });
    sink.end();
    assert.deepEqual(sink.result('done', 2), { status: 'done', inserted: 'x = 1', edits: 2 });
    assert.deepEqual(sink.result('error', 1, 'closed'), { status: 'error', inserted: 'x = 1', edits: 1, error: 'closed' });
  });
});
