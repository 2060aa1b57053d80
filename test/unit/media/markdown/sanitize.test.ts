import * as assert from 'node:assert/strict';
import { createSanitizer } from '../../../../media/chat/markdown/sanitize';
import { safeHref } from '../../../../media/chat/markdown/urls';
import { XSS_PAYLOADS } from '../../../e2e/xss/payloads';
import { createRenderer, createWindow, dangersInHtml, renderHtml } from '../dom';

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

  it('keeps http(s) and mailto links, and replaces images by a link showing the alt text', () => {
    const html = renderHtml(renderer, '[a](https://a.example/x?y=1) [m](mailto:me@example.com) ![diagram](https://img.example/d.png)');
    assert.match(html, /<a href="https:\/\/a\.example\/x\?y=1">a<\/a>/);
    assert.match(html, /<a href="mailto:me@example\.com">m<\/a>/);
    assert.match(html, /class="image-placeholder" href="https:\/\/img\.example\/d\.png"[^>]*>.*diagram<\/a>/);
    assert.doesNotMatch(html, /<img/);
  });

  it('the sanitizer itself drops what marked never emits (defence in depth)', () => {
    const sanitize = createSanitizer(win);
    const div = win.document.createElement('div');
    div.append(sanitize('<a href="javascript:alert(1)" onclick="x()">a</a><img src=x><input type="text"><span class="ok bad\\"x">s</span><div style="x">d</div>'));
    assert.equal(div.innerHTML, '<a>a</a><input type="checkbox" disabled=""><span class="ok">s</span>d');
  });

  it('safeHref accepts only absolute http, https and mailto URLs', () => {
    for (const ok of ['https://example.com', 'http://localhost:3000/a', 'mailto:a@b.c', 'HTTPS://EXAMPLE.COM']) assert.equal(safeHref(ok), ok);
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'java\nscript:x', 'data:text/html,x', 'vbscript:x', 'command:x', 'file:///x', '/rel', '//evil', 'https://', 'http://a\u0000b', '', undefined]) {
      assert.equal(safeHref(bad), undefined, String(bad));
    }
  });
});
