import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CodeExtractor } from '../../../src/editor/codeExtractor';
import { cutAt } from '../../support/cutAt';

/** What the extractor inserts for an answer arriving in these chunks, and whether it left text out. */
function extract(chunks: string[]): { code: string; leftOut: boolean } {
  const x = new CodeExtractor();
  const code = chunks.map((c) => x.push(c)).join('') + x.end();
  return { code, leftOut: x.leftOut };
}
const code = (answer: string): string => extract([answer]).code;

const PROSE_FENCED = 'Here is a function that retries with backoff:\n\n```ts\nasync function retry() {\n  return 1;\n}\n```\n\nIt waits longer after each failure.\n';

describe('editor/CodeExtractor', () => {
  it('removes a surrounding fence with a language tag, leaving nothing out', () => {
    assert.deepEqual(extract(['```ts\nconst a = 1;\nconst b = 2;\n```']), { code: 'const a = 1;\nconst b = 2;', leftOut: false });
    assert.equal(code('```python\nprint(1)\n```\n'), 'print(1)');
    assert.equal(code('\n\n```python\nprint(1)\n```\n'), 'print(1)', 'blank lines before the fence');
  });

  it('inserts only the code of an answer with prose before and after the fence, and says text was left out', () => {
    assert.deepEqual(extract([PROSE_FENCED]), { code: 'async function retry() {\n  return 1;\n}', leftOut: true });
  });

  it('stops at the first block: later prose and blocks stay out', () => {
    assert.equal(code('Install it:\n\n```bash\nnpm i x\n```\n\nThen use it:\n\n```ts\nimport x from "x";\n```\n'), 'npm i x');
  });

  it('recognises the prose openers models write, in English and Japanese', () => {
    const block = '\n\n```ts\nx();\n```\n';
    for (const intro of [
      'Sure!',
      "Sure, here's the updated version:",
      'OK, here it is:',
      "I'd write it like this:",
      'Try this:',
      '> Add a helper',
      '**Solution:**',
      '## Retry helper',
      '以下はリトライする関数です：',
    ]) {
      assert.deepEqual(extract([intro + block]), { code: 'x();', leftOut: true }, intro);
    }
  });

  it('streams an answer that starts as code as it comes, fences inside it included', () => {
    assert.deepEqual(extract(['const s = `x`;\n\n\nlet t = 1;\n']), { code: 'const s = `x`;\n\n\nlet t = 1;\n', leftOut: false });
    assert.equal(code('a\n```\n'), 'a\n```\n');
    for (const first of ['import os', 'SELECT id FROM users;', '# Retry with backoff', '// Here is the helper:', 'def f():', 'FROM node:22 AS build']) {
      assert.equal(code(`${first}\nmore\n`), `${first}\nmore\n`, first);
    }
  });

  it('inserts prose with no fence at all as it was, at the end', () => {
    const x = new CodeExtractor();
    assert.equal(x.push('Here is what I would do.\n'), '');
    assert.equal(x.push('First, measure.\n'), '');
    assert.equal(x.end(), 'Here is what I would do.\nFirst, measure.\n');
    assert.equal(x.leftOut, false);
  });

  it('inserts nothing for prose ending in a fence that never got code', () => {
    assert.deepEqual(extract(['Here you go:\n\n```ts']), { code: '', leftOut: true });
    assert.equal(code('```ts'), '', 'a lone opener is no code at all');
  });

  it('keeps the code of an answer cut inside the fence', () => {
    assert.equal(code('Here you go:\n```ts\nconst a = 1;\nconst b'), 'const a = 1;\nconst b');
    assert.equal(code('```ts\na\n'), 'a\n');
  });

  it('follows fences inside a markdown block, and only a long enough fence of the same kind closes', () => {
    assert.equal(code('```md\n# doc\n```js\nx\n```\nmore\n```\nafter'), '# doc\n```js\nx\n```\nmore');
    assert.equal(code('````md\n```\nx\n```\n````'), '```\nx\n```');
    assert.equal(code('~~~\na\n```\nb\n~~~'), 'a\n```\nb');
  });

  it("removes the opening fence's indentation from the code (a block inside a list item)", () => {
    assert.equal(code('1. Add this:\n\n   ```py\n   def f():\n       return 1\n   ```\n'), 'def f():\n    return 1');
  });

  it('keeps CRLF line breaks inside the code and drops the one before the closing fence', () => {
    assert.equal(code('Here:\r\n```ts\r\na\r\nb\r\n```\r\nbye'), 'a\r\nb');
  });

  it('releases code promptly instead of holding it to the end', () => {
    const x = new CodeExtractor();
    assert.equal(x.push('Here you go:\n\n'), '');
    assert.equal(x.push('```ts\n'), '');
    assert.equal(x.push('const a = 1;\nconst b'), 'const a = 1;\nconst b');
    assert.equal(x.push(' = 2;\n``'), ' = 2;');
    assert.equal(x.push('`'), '');
    assert.equal(x.push('\n\nThat is all.'), '');
    assert.equal(x.end(), '');
    assert.equal(x.leftOut, true);
  });

  it('releases an answer that starts as code once its first line is complete', () => {
    const x = new CodeExtractor();
    assert.equal(x.push('const a'), '');
    assert.equal(x.push(' = 1;\nconst'), 'const a = 1;\nconst');
    assert.equal(x.push(' b = 2;'), ' b = 2;');
    assert.equal(x.end(), '');
  });

  it('decides on a first line that never ends once it is long', () => {
    const x = new CodeExtractor();
    const long = `const data = [${'1, '.repeat(100)}`;
    assert.equal(x.push(long), long);
  });

  it('gives the same result however the stream is chunked', () => {
    const samples = [
      PROSE_FENCED,
      '```ts\nfunction f() {\n  return `t`;\n}\n```',
      'plain\ncode\n\n',
      '~~~\nx\n~~~',
      '```\n```',
      'x',
      'Sure!\r\n\r\n```js\r\nx\r\n\r\n```\r\nbye',
      '```md\n# doc\n```js\nx\n```\nmore\n```\nafter',
      '1. Add this:\n\n   ```py\n   def f():\n       return 1\n   ```\n',
      'Here you go:\n\n```ts',
      'Here is a plan.\nNo code.\n',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(fc.nat(), { maxLength: 8 }), (sample, cuts) => {
        assert.deepEqual(extract(cutAt(sample, cuts)), extract([sample]));
      }),
      { numRuns: 500 },
    );
  });

  it('never inserts a fence line or the text around the block of an answer with prose first', () => {
    const line = fc.constantFrom('x = 1;', '  y();', '', 'return `z`;', '``', '    ');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
        const body = lines.join('\n');
        const answer = `Here is the code:\n\n\`\`\`ts\n${body}\n\`\`\`\n\nAnd ~~~ an explanation.\n`;
        assert.deepEqual(extract(cutAt(answer, cuts)), { code: body, leftOut: true });
      }),
      { numRuns: 300 },
    );
  });
});
