import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IncrementalMarkdown } from '../../../media/chat/markdown/incrementalRenderer';
import { XSS_PAYLOADS } from '../../fixtures/xss/payloads';
import { cutAt } from '../../support/cutAt';
import { createRenderer, dangersIn } from '../../support/jsdomRenderer';
import { FUZZ_RUNS } from './runs';

const renderer = createRenderer();

const scheme = fc.constantFrom(
  'javascript:', 'JaVaScRiPt:', ' javascript:', 'java\tscript:', 'java\nscript:', '\u0000javascript:', '&#106;avascript:', '&#x6A;avascript:',
  'javascript&colon;', '%6Aavascript:', 'vbscript:', 'VBScript:', 'data:text/html,', 'data:text/html;base64,', 'data:image/svg+xml,', 'DATA:',
  'command:', 'command:workbench.action.terminal.new?', 'file:///', '//evil.example/', '\\\\evil\\', 'https://ok.example/', 'mailto:a@b.example?', '',
);
const code = fc.constantFrom('alert(1)', 'window.__pwned=1', '"onmouseover=alert(1) x="', '"><img src=x onerror=alert(1)>', '%22%3E%3Cscript%3E', ')](javascript:alert(1)', '\u202Egnp.exe');
const url = fc.tuple(scheme, code).map(([s, c]) => s + c);
const title = fc.constantFrom('', ' "t"', ' "\\" onerror=\\"alert(1)"', " 'x' ", ' (p)');

const tagName = fc.constantFrom('script', 'img', 'svg', 'math', 'iframe', 'a', 'style', 'object', 'embed', 'input', 'details', 'body', 'video', 'base', 'form', 'link', 'meta', 'template', 'SCRIPT', 'scr\u0000ipt', 'div', 'span');
const attrName = fc.constantFrom('onerror', 'onload', 'onclick', 'ONMOUSEOVER', 'href', 'src', 'srcdoc', 'style', 'xlink:href', 'formaction', 'action', 'autofocus onfocus', 'id', 'name', 'class');
const htmlTag = fc.tuple(tagName, attrName, fc.oneof(url, code)).map(([t, a, v]) => `<${t} ${a}="${v}">x</${t}>`);

const fragment = fc.oneof(
  fc.tuple(url, title).map(([u, t]) => `[link](${u}${t})`),
  fc.tuple(url, title).map(([u, t]) => `![img](${u}${t})`),
  fc.tuple(url, title).map(([u, t]) => `[ref][r]\n\n[r]: ${u}${t}\n`),
  url.map((u) => `<${u}>`),
  url.map((u) => `[<img src=x onerror=alert(1)>](${u})`),
  htmlTag,
  fc.constantFrom(...XSS_PAYLOADS.map((p) => p.markdown.replaceAll('CANARY', 'http://127.0.0.1:9'))),
  fc.tuple(fc.constantFrom('', 'html', '"><img src=x onerror=alert(1)>', 'js onload=x'), code).map(([l, c]) => `\`\`\`${l}\n<script>${c}</script>\n\`\`\`\n`),
  fc.constantFrom('`', '```', '~~~', '> ', '- ', '1. ', '# ', '| a | b |\n|---|---|\n| ', ' | ', '<!--', '-->', '<![CDATA[', ']]>', '&lt;', '&#x3C;', '\\', '*', '_', '- [ ] ', '    '),
  fc.string({ maxLength: 12 }),
);
const separator = fc.constantFrom('', ' ', '\n', '\n\n', '\r\n');
/** Hostile markdown: links, images, raw HTML and the XSS corpus mixed with markdown syntax. */
const hostile = fc.array(fc.tuple(fragment, separator), { minLength: 1, maxLength: 10 }).map((parts) => parts.map(([f, s]) => f + s).join(''));

describe('fuzz: markdown renderer output', function () {
  this.timeout(Math.max(60_000, FUZZ_RUNS * 200));

  it('one-shot: never throws, and never contains an executable element, attribute or URL', () => {
    fc.assert(
      fc.property(hostile, (src) => {
        const div = renderer.doc.createElement('div');
        div.append(renderer.renderAll(src));
        assert.deepEqual(dangersIn(div), []);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('streamed in arbitrary chunks: safe after every flush and after finish', () => {
    fc.assert(
      fc.property(hostile, fc.array(fc.nat(), { maxLength: 12 }), (src, cuts) => {
        const container = renderer.doc.createElement('div');
        const md = new IncrementalMarkdown(container, renderer);
        for (const chunk of cutAt(src, cuts)) {
          md.append(chunk);
          md.flush();
          assert.deepEqual(dangersIn(container), [], 'while streaming');
        }
        md.finish();
        assert.deepEqual(dangersIn(container), [], 'after finish');
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });
});
