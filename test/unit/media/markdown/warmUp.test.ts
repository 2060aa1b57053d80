import * as assert from 'node:assert/strict';
import type { MarkdownRenderer } from '../../../../media/chat/markdown/renderer';
import { warmUpRenderer } from '../../../../media/chat/markdown/warmUp';
import { HIGHLIGHT_LANGUAGES } from '../../../../media/chat/markdown/highlight';
import { createRenderer } from '../dom';

describe('media/markdown/warmUpRenderer', () => {
  it('lexes and renders a sample, then highlights each language, one step per idle period', () => {
    const real = createRenderer();
    const calls: string[] = [];
    const renderer: MarkdownRenderer = {
      ...real,
      lex: (src) => (calls.push('lex'), real.lex(src)),
      render: (tokens) => (calls.push(`render ${tokens.length} tokens`), real.render(tokens)),
    };
    const queue: Array<() => void> = [];
    warmUpRenderer(renderer, (callback) => void queue.push(callback));
    assert.deepEqual(calls, [], 'nothing runs until the page is idle');
    let periods = 0;
    while (queue.length > 0) {
      assert.equal(queue.length, 1, 'one step queued at a time');
      queue.shift()!();
      periods++;
    }
    assert.equal(calls.length, 2);
    assert.equal(calls[0], 'lex');
    assert.ok(Number(/^render (\d+) tokens$/.exec(calls[1]!)?.[1]) >= 6, `${calls[1]}: the sample's blocks`);
    assert.equal(periods, 2 + HIGHLIGHT_LANGUAGES.length);
    assert.ok(HIGHLIGHT_LANGUAGES.includes('typescript') && HIGHLIGHT_LANGUAGES.length >= 10);
  });
});
