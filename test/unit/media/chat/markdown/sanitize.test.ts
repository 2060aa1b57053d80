import * as assert from 'node:assert/strict';
import { createSanitizer } from '../../../../../media/chat/markdown/sanitize';
import { safeHref } from '../../../../../media/chat/markdown/urls';
import { XSS_PAYLOADS } from '../../../../fixtures/xss/payloads';
import { createRenderer, createWindow, dangersInHtml, renderHtml } from '../../../../support/jsdomRenderer';

const win = createWindow();
const renderer = createRenderer(win);

const dangers = (html: string) => dangersInHtml(html, win);

const CANARY = 'http://127.0.0.1:9';
const LOCAL: Array<[string, string]> = [
  ['script', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['style attribute', '<p style="background:url(http://evil/x)">x</p>'],
  ['style tag', '<style>*{color:red}</style>'],
  ['javascript link', '[x](javascript:alert(1))'],
  ['JAVASCRIPT link', '[x](JAVASCRIPT:alert(1))'],
  ['entity javascript link', '[x](&#x6a;avascript:alert(1))'],
  ['tab in scheme', '[x](jav\tascript:alert(1))'],
  ['vbscript link', '[x](vbscript:msgbox(1))'],
  ['data link', '[x](data:text/html,<script>alert(1)</script>)'],
  ['command link', '[x](command:workbench.action.terminal.new)'],
  ['file link', '[x](file:///etc/passwd)'],
  ['relative link', '[x](../secrets)'],
  ['protocol-relative link', '[x](//evil.example/x)'],
  ['autolink javascript', '<javascript:alert(1)>'],
  ['remote image', '![alt](https://evil.example/pixel.gif)'],
  ['data image', '![alt](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)'],
  ['reference javascript', '[x][r]\n\n[r]: javascript:alert(1)'],
  ['html in link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['fence info injection', '```"><img src=x onerror=alert(1)>\ncode\n```'],
  ['form', '<form action="https://evil"><button>go</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil">'],
  ['dom clobbering', '<a id="__harness" name="acquireVsCodeApi">x</a>'],
];

describe('media/markdown sanitizer', () => {
  for (const [name, markdown] of LOCAL) {
    it(`neutralizes ${name}`, () => {
      assert.deepEqual(dangers(renderHtml(renderer, markdown)), []);
    });
  }

  it(`neutralizes the shared XSS corpus (${XSS_PAYLOADS.length} payloads)`, () => {
    for (const p of XSS_PAYLOADS) {
      const html = renderHtml(renderer, p.markdown.replaceAll('CANARY', CANARY));
      assert.deepEqual(dangers(html), [], p.id);
    }
  });

  it('shows raw HTML as text instead of dropping it', () => {
    const div = win.document.createElement('div');
    div.append(renderer.renderAll('Use <b>bold</b> and <script>x()</script>'));
    assert.equal(div.textContent?.trim(), 'Use <b>bold</b> and <script>x()</script>');
  });

  it('keeps http(s) and mailto links without a navigable href, and replaces images by such a link showing the alt text', () => {
    const html = renderHtml(renderer, '[a](https://a.example/x?y=1) [m](mailto:me@example.com) ![diagram](https://img.example/d.png) <https://auto.example/p>');
    assert.match(html, /<a data-href="https:\/\/a\.example\/x\?y=1" role="link" tabindex="0" draggable="false" title="https:\/\/a\.example\/x\?y=1">a<\/a>/);
    assert.match(html, /<a data-href="mailto:me@example\.com" [^>]*>m<\/a>/);
    assert.match(html, /<a data-href="https:\/\/auto\.example\/p" [^>]*>https:\/\/auto\.example\/p<\/a>/);
    assert.match(html, /<a class="image-placeholder" data-href="https:\/\/img\.example\/d\.png" [^>]*title="Image not loaded: https:\/\/img\.example\/d\.png"[^>]*>.*diagram<\/a>/);
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /\shref=/, 'no element carries an href (VS Code opens those without asking)');
  });

  it('keeps data-href only on links with an http(s)/mailto target', () => {
    const div = win.document.createElement('div');
    div.append(renderer.renderAll('[a](https://ok.example) [b](javascript:alert(1)) [c](command:x) [d](file:///etc/passwd) ![e](data:image/png;base64,AA==)'));
    const targets = Array.from(div.querySelectorAll('[data-href]'), (node) => `${node.tagName}:${node.getAttribute('data-href')}`);
    assert.deepEqual(targets, ['A:https://ok.example']);
    assert.equal(div.querySelectorAll('[role="link"], [tabindex]').length, 1, 'only the kept link is focusable as a link');
    assert.equal(div.querySelector('[href]'), null);
  });

  it("drops the model's link titles: a link's tooltip is always its real target", () => {
    const html = renderHtml(renderer, '[docs](https://evil.example/x "Official AWS documentation") [r][ref] ![i](https://img.example/a.png "AWS logo")\n\n[ref]: https://evil.example/r "docs.aws.amazon.com"');
    assert.doesNotMatch(html, /Official|AWS logo|docs\.aws\.amazon\.com/);
    assert.match(html, /title="https:\/\/evil\.example\/x"/);
    assert.match(html, /title="https:\/\/evil\.example\/r"/);
  });

  it('the sanitizer itself drops what marked never emits (defence in depth)', () => {
    const sanitize = createSanitizer(win);
    const div = win.document.createElement('div');
    div.append(sanitize('<a href="javascript:alert(1)" onclick="x()">a</a><img src=x><input type="text"><span class="ok bad\\"x">s</span><div style="x">d</div>'));
    assert.equal(div.innerHTML, '<a>a</a><input type="checkbox" disabled=""><span class="ok">s</span>d');
    div.replaceChildren(sanitize('<a href="https://ok.example" title="Official">h</a><a data-href="javascript:x()">j</a><span data-href="https://ok.example" title="t">s</span><a data-href="https://ok.example" data-other="1" role="button" tabindex="-1">k</a>'));
    assert.equal(div.innerHTML, '<a>h</a><a>j</a><span>s</span><a data-href="https://ok.example" role="link" tabindex="0" draggable="false" title="https://ok.example">k</a>');
  });

  it('safeHref accepts only absolute http, https and mailto URLs', () => {
    for (const ok of ['https://example.com', 'http://localhost:3000/a', 'mailto:a@b.c', 'HTTPS://EXAMPLE.COM']) assert.equal(safeHref(ok), ok);
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'java\nscript:x', 'data:text/html,x', 'vbscript:x', 'command:x', 'file:///x', '/rel', '//evil', 'https://', 'http://a\u0000b', '', undefined]) {
      assert.equal(safeHref(bad), undefined, String(bad));
    }
  });
});
