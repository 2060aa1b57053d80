import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IncrementalMarkdown } from '../../../../../media/chat/markdown/incrementalRenderer';
import { cutAt } from '../../../../support/cutAt';
import { createRenderer, renderHtml } from '../../../../support/jsdomRenderer';

const renderer = createRenderer();

/** Streams `chunks` into a fresh container, flushing every `flushEvery` chunks; returns it finished. */
function stream(chunks: string[], flushEvery = 1, liveBlockBudget?: number) {
  const container = renderer.doc.createElement('div');
  const md = new IncrementalMarkdown(container, renderer, liveBlockBudget);
  chunks.forEach((chunk, i) => {
    md.append(chunk);
    if ((i + 1) % flushEvery === 0) {
      md.flush();
    }
  });
  md.finish();
  return { container, md };
}

function chunkEvery(text: string, min: number, max: number, seed = 7): string[] {
  let s = seed;
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    s = (s * 1103515245 + 12345) >>> 0;
    const n = min + (s % (max - min + 1));
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  return chunks;
}

const word = fc.constantFrom('alpha', 'beta', '`code`', '**bold**', '*em*', '~~del~~', '[link](https://example.com/a)', '<b>raw</b>', '&amp;', 'x_y', '日本語', 'https://auto.link', '\\*');
const line = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
const lang = fc.constantFrom('', 'ts', 'python', 'bash', 'json', 'unknownlang', 'html');
const codeBody = fc.array(fc.constantFrom('const x = 1;', 'if (a < b) { return "s"; }', '  indented()', '', '<script>x</script>', '# not a heading', '- not a list', '``', '~~~ not closing'), { minLength: 0, maxLength: 6 });
const block = fc.oneof(
  line,
  fc.tuple(fc.integer({ min: 1, max: 6 }), line).map(([n, l]) => `${'#'.repeat(n)} ${l}`),
  fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l) => `- ${l}`).join('\n')),
  fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l, i) => `${i + 1}. ${l}`).join('\n')),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l) => `> ${l}`).join('\n')),
  fc.tuple(lang, codeBody, fc.constantFrom('```', '~~~', '````')).map(([l, body, f]) => `${f}${l}\n${body.join('\n')}\n${f}`),
  fc.tuple(lang, codeBody).map(([l, body]) => `   \`\`\`${l}\n${body.map((b) => `   ${b}`).join('\n')}\n   \`\`\``),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => `| a | b |\n|---|:-:|\n${ls.map((l) => `| ${l} | 1 |`).join('\n')}`),
  fc.constant('---'),
  fc.constant('- [ ] todo\n- [x] done'),
  fc.constant('<div>\n<img src=x onerror=alert(1)>\n</div>'),
  fc.constant('    indented code\n    more'),
  fc.constant('Setext\n======'),
  fc.constant('- item\n\n  continued paragraph\n- next'),
  fc.constant('line one  \nline two'),
  fc.constant('see [ref][r] here'),
  fc.constant('[r]: https://example.com/ref'),
);
const separator = fc.constantFrom('\n\n', '\n', '\n\n\n', '\r\n\r\n', '\n \n');
const doc = fc
  .tuple(fc.array(fc.tuple(block, separator), { minLength: 1, maxLength: 10 }), fc.boolean(), lang)
  .map(([blocks, openFence, l]) => blocks.map(([b, s]) => b + s).join('') + (openFence ? `\`\`\`${l}\nunclosed ${'x'.repeat(3)}\nlast` : ''));

describe('media/markdown/IncrementalMarkdown', () => {
  it('ends with exactly the one-shot render, whatever the chunking (property)', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(doc, fc.array(fc.nat(2000), { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(undefined, 8, 64), (src, cuts, flushEvery, budget) => {
        const { container } = stream(cutAt(src, cuts), flushEvery, budget);
        assert.equal(container.innerHTML, renderHtml(renderer, src));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('ends with the one-shot render when streamed one character at a time', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(doc, (src) => {
        const { container } = stream([...src]);
        assert.equal(container.innerHTML, renderHtml(renderer, src));
      }),
      { numRuns: 15 },
    );
  });

  it('never re-renders a finished block (same DOM node) and grows an open fence by appending', () => {
    const container = renderer.doc.createElement('div');
    const md = new IncrementalMarkdown(container, renderer);
    md.append('# Title\n\nFirst paragraph.\n\n```ts\nconst a = 1;\n');
    md.flush();
    const heading = container.querySelector('h1')!;
    const code = container.querySelector('.code-block.streaming code')!;
    assert.ok(heading && code);
    assert.equal(code.querySelector('.hljs-keyword'), null, 'not highlighted while open');
    for (let i = 0; i < 50; i++) {
      md.append(`const v${i} = ${i};\n`);
      md.flush();
    }
    assert.equal(container.querySelector('.code-block.streaming code'), code, 'the same <code> grew');
    assert.ok(code.querySelectorAll('.code-piece').length > 40, 'by appending pieces');
    md.append('```\n\nAfter.');
    md.flush();
    assert.equal(container.querySelector('h1'), heading);
    assert.ok(container.querySelector('.code-block:not(.streaming) .hljs-keyword'), 'highlighted once closed');
    md.finish();
    assert.equal(container.querySelector('h1'), heading);
  });

  it('commits a closed fence as soon as the next block starts, even while its first line is incomplete', () => {
    const container = renderer.doc.createElement('div');
    const md = new IncrementalMarkdown(container, renderer);
    md.append('```ts\nconst a = 1;\n```\n\nThe next para');
    md.flush();
    const code = container.querySelector('.code-block code')!;
    assert.ok(code.querySelector('.hljs-keyword'), 'highlighted');
    for (const chunk of ['graph goes', ' on and on']) {
      md.append(chunk);
      md.flush();
      assert.equal(container.querySelector('.code-block code'), code, 'the closed fence is not rendered again');
    }
    md.finish();
    assert.equal(container.innerHTML, renderHtml(renderer, '```ts\nconst a = 1;\n```\n\nThe next paragraph goes on and on'));
  });

  it('keeps the work linear: a 400 KB answer in 2–6 character chunks lexes each character a bounded number of times', function () {
    this.timeout(120_000);
    const section = (i: number) =>
      `## Section ${i}\n\nSome **text** with \`code\` and a [link](https://example.com/${i}).\n\n- one\n- two\n\n\`\`\`ts\n${'const x = 1;\n'.repeat(20)}\`\`\`\n\n`;
    let src = '';
    for (let i = 0; src.length < 400_000; i++) src += section(i);
    src += '```python\n' + 'print("hello")\n'.repeat(10_000) + '```\n';
    const { container, md } = stream(chunkEvery(src, 2, 6), 32);
    assert.ok(md.counters.lexedChars < src.length * 12, `lexed ${md.counters.lexedChars} chars for ${src.length}`);
    assert.ok(md.counters.committedBlocks > 1000);
    assert.equal(container.querySelectorAll('.code-block').length, src.split('```').length / 2 - 0.5);
  });

  it('keeps a single giant paragraph linear too (huge live blocks re-render geometrically less often)', function () {
    this.timeout(120_000);
    const lexed = (n: number) => {
      const src = 'word '.repeat(n / 5);
      const { container, md } = stream(chunkEvery(src, 2, 6), 25);
      assert.ok(container.textContent!.trim() === src.trim(), 'all text shown');
      return md.counters.lexedChars;
    };
    const small = lexed(100_000);
    const big = lexed(200_000);
    assert.ok(big < 200_000 * 40, `lexed ${big}`);
    assert.ok(big / small < 2.6, `grows linearly: ${small} → ${big}`);
  });

  it('re-renders once at the end when a reference definition arrives after its use', () => {
    const src = 'See [docs][d].\n\nMore text.\n\n[d]: https://example.com/docs\n';
    const { container } = stream(chunkEvery(src, 2, 4));
    assert.equal(container.innerHTML, renderHtml(renderer, src));
    assert.equal(container.querySelector('a')?.dataset.href, 'https://example.com/docs');
  });

  it('normalizes CRLF split across chunks like marked does on the whole text', () => {
    const src = 'a\r\n\r\n```\r\ncode\r\n```\r\n';
    const { container } = stream(src.split(''));
    assert.equal(container.innerHTML, renderHtml(renderer, src));
  });
});
