/**
 * Hostile model output for the XSS tests. Every payload, if anything in it ran or loaded, would
 * set `__pwned` on some window or request `CANARY/<id>` from a loopback canary server; the tests
 * assert neither happened. `CANARY` is replaced with the canary's origin at run time.
 */
export interface XssPayload {
  id: string;
  markdown: string;
}

const p = (id: string, markdown: string): XssPayload => ({ id, markdown: markdown.replaceAll('{id}', id) });

export const XSS_PAYLOADS: XssPayload[] = [
  // raw HTML elements
  p('script-tag', '<script>window.__pwned="{id}";fetch("CANARY/{id}")</script>'),
  p('script-src', '<script src="CANARY/{id}.js"></script>'),
  p('script-uppercase', '<SCRIPT>parent.__pwned="{id}"</SCRIPT>'),
  p('script-split-attr', '<scr<script>ipt>window.__pwned="{id}"</script>'),
  p('img-onerror', '<img src=x onerror="window.__pwned=\'{id}\';new Image().src=\'CANARY/{id}\'">'),
  p('img-remote', '<img src="CANARY/{id}.png">'),
  p('svg-onload', '<svg onload="window.__pwned=\'{id}\'"><circle r=1 /></svg>'),
  p('svg-script', '<svg><script>window.__pwned="{id}"</script></svg>'),
  p('svg-animate-href', '<svg><a><animate attributeName=href values=javascript:window.__pwned="{id}" /><text y=20>click</text></a></svg>'),
  p('svg-use-external', '<svg><use href="CANARY/{id}.svg#x"></use></svg>'),
  p('mathml-href', '<math><mtext><a href="javascript:window.__pwned=\'{id}\'">m</a></mtext></math>'),
  p('mathml-mglyph-style', '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'{id}\'">'),
  p('svg-foreignobject-iframe', '<svg><foreignObject><iframe srcdoc="<script>parent.__pwned=\'{id}\'</script>"></iframe></foreignObject></svg>'),
  p('mathml-maction', '<math><maction actiontype="statusline" xlink:href="javascript:window.__pwned=\'{id}\'">x</maction></math>'),
  p('iframe-src', '<iframe src="CANARY/{id}"></iframe>'),
  p('iframe-srcdoc', '<iframe srcdoc="<script>parent.__pwned=\'{id}\'</script>"></iframe>'),
  p('iframe-javascript', '<iframe src="javascript:parent.__pwned=\'{id}\'"></iframe>'),
  p('object-data', '<object data="CANARY/{id}"></object>'),
  p('embed-src', '<embed src="CANARY/{id}">'),
  p('body-onload', '<body onload="window.__pwned=\'{id}\'">'),
  p('details-ontoggle', '<details open ontoggle="window.__pwned=\'{id}\'"><summary>x</summary></details>'),
  p('input-autofocus', '<input autofocus onfocus="window.__pwned=\'{id}\'">'),
  p('video-onerror', '<video><source onerror="window.__pwned=\'{id}\'"></video>'),
  p('audio-src', '<audio src="CANARY/{id}.mp3" autoplay></audio>'),
  p('marquee-onstart', '<marquee onstart="window.__pwned=\'{id}\'">x</marquee>'),
  p('meta-refresh', '<meta http-equiv="refresh" content="0;url=CANARY/{id}">'),
  p('base-href', '<base href="CANARY/{id}/"><a href="x">rel</a>'),
  p('form-action', '<form action="CANARY/{id}"><button>go</button></form>'),
  p('link-stylesheet', '<link rel="stylesheet" href="CANARY/{id}.css">'),
  p('link-prefetch', '<link rel="prefetch" href="CANARY/{id}">'),
  // style injection
  p('style-tag-import', '<style>@import url("CANARY/{id}.css"); body{background:url("CANARY/{id}-bg")}</style>'),
  p('style-attr-url', '<div style="background-image:url(\'CANARY/{id}\')">styled</div>'),
  p('style-expression', '<div style="width: expression(window.__pwned=\'{id}\')">x</div>'),
  // URLs in markdown
  p('md-link-javascript', '[click me](javascript:window.__pwned="{id}")'),
  p('md-link-javascript-entity', '[click](&#106;avascript:window.__pwned="{id}")'),
  p('md-link-javascript-case', '[click](JaVaScRiPt:window.__pwned="{id}")'),
  p('md-link-javascript-whitespace', '[click](java\tscript:window.__pwned="{id}")'),
  p('md-link-vbscript', '[vb](vbscript:msgbox("{id}"))'),
  p('md-link-data-html', '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)'),
  p('md-link-command', '[run](command:workbench.action.terminal.new)'),
  p('md-link-command-args', '[open](command:vscode.open?%5B%22CANARY%2F{id}%22%5D)'),
  p('html-a-command', '<a href="command:workbench.action.terminal.new">open a terminal</a>'),
  p('md-autolink-command', '<command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22id%5Cn%22%7D>'),
  p('md-link-vbscript-entity', '[vb](&#118;bscript:msgbox("{id}"))'),
  p('md-link-title-spoof', '[AWS documentation](https://evil.example/{id} "https://docs.aws.amazon.com/bedrock/")'),
  p('md-link-userinfo', '[AWS docs](https://docs.aws.amazon.com%2fbedrock%2fuserguide@evil.example/{id})'),
  p('html-a-title', '<a href="https://evil.example/{id}" title="docs.aws.amazon.com">docs</a>'),
  p('md-link-title-breakout', '[x](https://example.com "a\\" onmouseover=\\"window.__pwned=\'{id}\'")'),
  p('md-autolink-javascript', '<javascript:window.__pwned="{id}">'),
  p('md-image-remote', '![tracking pixel](CANARY/{id}.gif)'),
  p('md-image-data-svg', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)'),
  p('img-srcset', '<img srcset="CANARY/{id}.png 1x">'),
  p('md-image-javascript', '![x](javascript:window.__pwned="{id}")'),
  p('md-image-onerror-title', '![x](x "\\" onerror=\\"window.__pwned=\'{id}\'")'),
  p('md-reference-link', '[ref][r]\n\n[r]: javascript:window.__pwned="{id}"'),
  p('md-html-in-link-text', '[<img src=x onerror="window.__pwned=\'{id}\'">](https://example.com)'),
  // entity and unicode tricks
  p('entity-encoded-script', '&lt;script&gt;window.__pwned="{id}"&lt;/script&gt; and <a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:window.__pwned=\'{id}\'">e</a>'),
  p('unicode-fullwidth-tag', '＜script＞window.__pwned="{id}"＜/script＞ <a href="javascript&colon;window.__pwned=\'{id}\'">c</a>'),
  p('null-byte-tag', '<scr\u0000ipt>window.__pwned="{id}"</scr\u0000ipt><img src=x onerror\u0000="window.__pwned=\'{id}\'">'),
  p('rtl-override-link', '[\u202Egnp.exe](javascript:window.__pwned="{id}")'),
  // code blocks must stay inert text
  p('code-fence-html', '```html\n<script>window.__pwned="{id}"</script><img src="CANARY/{id}">\n```'),
  p('code-fence-lang-injection', '```"><img src=x onerror="window.__pwned=\'{id}\'">\nx\n```'),
  p('inline-code-html', '`<img src=x onerror="window.__pwned=\'{id}\'">`'),
  // markup inside tables and lists
  p('table-cell-html', '| a | b |\n|---|---|\n| <img src=x onerror="window.__pwned=\'{id}\'"> | [x](javascript:window.__pwned="{id}") |'),
  p('list-item-svg', '- <svg/onload=window.__pwned="{id}">\n- item'),
  // template / prototype tricks
  p('template-tag', '<template><script>window.__pwned="{id}"</script></template><noscript><p title="</noscript><img src=x onerror=window.__pwned=\'{id}\'>"></noscript>'),
  p('dom-clobber', '<a id="__harness" name="__pwned" href="CANARY/{id}">clobber</a><form id="acquireVsCodeApi"></form>'),
];
