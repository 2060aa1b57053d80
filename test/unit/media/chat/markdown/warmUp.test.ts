import * as assert from 'node:assert/strict';
import { HIGHLIGHT_LANGUAGES } from '../../../../../media/chat/markdown/highlight';
import type { MarkdownRenderer } from '../../../../../media/chat/markdown/renderer';
import { warmUpRenderer } from '../../../../../media/chat/markdown/warmUp';
import { createRenderer } from '../../../../support/jsdomRenderer';

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
    warmUpRenderer(renderer, (callback) => void queue.push(callback), ['typescript', 'python'], (_code, language) => calls.push(`highlight ${language}`));
    assert.deepEqual(calls, [], 'nothing runs until the page is idle');
    const perPeriod: number[] = [];
    while (queue.length > 0) {
      assert.equal(queue.length, 1, 'one step queued at a time');
      const before = calls.length;
      queue.shift()!();
      perPeriod.push(calls.length - before);
    }
    assert.deepEqual(perPeriod, [1, 1, 1, 1]);
    assert.equal(calls[0], 'lex');
    assert.ok(Number(/^render (\d+) tokens$/.exec(calls[1]!)?.[1]) >= 6, `${calls[1]}: the sample's blocks`);
    assert.deepEqual(calls.slice(2), ['highlight typescript', 'highlight python']);
  });

  it('by default warms every language the highlighter has', () => {
    const queue: Array<() => void> = [];
    const highlighted: string[] = [];
    warmUpRenderer(createRenderer(), (callback) => void queue.push(callback), undefined, (_code, language) => highlighted.push(language));
    while (queue.length > 0) queue.shift()!();
    assert.deepEqual(highlighted, [...HIGHLIGHT_LANGUAGES]);
    assert.ok(highlighted.includes('typescript') && highlighted.length >= 10);
  });
});
