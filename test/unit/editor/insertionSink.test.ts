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
    const sink = new InsertionSink(() => undefined, () => 5);
    sink.push({ type: 'delta', text: 'x = 1' });
    sink.end();
    const answered = { answer: 'x = 1', leftOut: false, stats: { timeToFirstTokenMs: 0 } };
    assert.deepEqual(sink.result('done', 2), { status: 'done', inserted: 'x = 1', edits: 2, ...answered });
    assert.deepEqual(sink.result('error', 1, 'closed'), { status: 'error', inserted: 'x = 1', edits: 1, error: 'closed', ...answered });
  });

  it('writes only the code of an answer with prose around it, and keeps the whole answer and its stats for the panel', () => {
    const written: string[] = [];
    let now = 1000;
    const sink = new InsertionSink((text) => written.push(text), () => now);
    now = 1200;
    sink.push({ type: 'start', id: 'r3', model: 'claude' });
    const deltas = ['Here is the helper:\n\n```ts\nconst ', 'a = 1;\n```\n\nIt sets ', '`a`.'];
    for (const text of deltas) {
      now += 100;
      sink.push({ type: 'delta', text });
    }
    now = 2300;
    sink.push({ type: 'end', stopReason: 'end_turn', usage: { inputTokens: 12, outputTokens: 20 } });
    sink.end();
    assert.equal(written.join(''), 'const a = 1;');
    const result = sink.result('done', 1);
    assert.equal(result.answer, deltas.join(''));
    assert.equal(result.leftOut, true);
    assert.deepEqual(result.stats, { timeToFirstTokenMs: 300, inputTokens: 12, outputTokens: 20, tokensPerSecond: 20, stopReason: 'end_turn', model: 'claude' });
  });
});
