import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FenceStripper } from '../../../src/editor/fenceStripper';
import { cutAt } from '../../support/cutAt';

function strip(chunks: string[]): string {
  const s = new FenceStripper();
  return chunks.map((c) => s.push(c)).join('') + s.end();
}

describe('editor/FenceStripper', () => {
  it('removes a surrounding fence with a language tag', () => {
    assert.equal(strip(['```ts\nconst a = 1;\nconst b = 2;\n```']), 'const a = 1;\nconst b = 2;');
    assert.equal(strip(['```python\nprint(1)\n```\n']), 'print(1)');
  });

  it('leaves unfenced code alone, including inner backticks and blank lines', () => {
    assert.equal(strip(['const s = `x`;\n\n\nlet t = 1;\n']), 'const s = `x`;\n\n\nlet t = 1;\n');
    assert.equal(strip(['a\n```\n']), 'a\n```\n');
  });

  it('keeps a fence inside a fenced answer that is not the closing one', () => {
    assert.equal(strip(['```md\n# doc\n```js\nx\n```\nmore\n```']), '# doc\n```js\nx\n```\nmore');
  });

  it('gives the same result however the stream is chunked', () => {
    const samples = ['```ts\nfunction f() {\n  return `t`;\n}\n```', 'plain\ncode\n\n', '~~~\nx\n~~~', '```\n```', 'x'];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(fc.nat(), { maxLength: 8 }), (sample, cuts) => {
        assert.equal(strip(cutAt(sample, cuts)), strip([sample]));
      }),
      { numRuns: 300 },
    );
  });

  it('releases text promptly instead of holding it to the end', () => {
    const s = new FenceStripper();
    assert.equal(s.push('```ts\n'), '');
    assert.equal(s.push('const a = 1;\nconst b'), 'const a = 1;\nconst b');
    assert.equal(s.push(' = 2;\n``'), ' = 2;');
    assert.equal(s.push('`'), '');
    assert.equal(s.end(), '');
  });
});
