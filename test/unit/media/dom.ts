/// <reference lib="dom" />
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../../media/chat/markdown/renderer';
import { decorateCodeBlocks } from '../../../media/chat/view/codeBlock';

/** A fresh jsdom window (no scripts run, like the webview's sanitized content). */
export function createWindow(): Window & typeof globalThis {
  return new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true }).window as unknown as Window & typeof globalThis;
}

/** The production renderer (with code block decoration) bound to a jsdom window. */
export function createRenderer(win: Window = createWindow()): MarkdownRenderer {
  return createMarkdownRenderer(win, decorateCodeBlocks);
}

/** innerHTML of a one-shot render. */
export function renderHtml(renderer: MarkdownRenderer, src: string): string {
  const div = renderer.doc.createElement('div');
  div.append(renderer.renderAll(src));
  return div.innerHTML;
}

/** Tags the renderer and its code block decorator may produce; anything else is a finding. */
const RENDERED_TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'input', 'div', 'button',
]);
/** Attributes that load, navigate, run or style, or clobber globals: never allowed in rendered output. */
const FORBIDDEN_ATTRS = new Set(['style', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'id', 'name', 'autofocus']);
/** The only href shapes allowed; deliberately independent of the production safeHref. */
// eslint-disable-next-line no-control-regex
const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\u0000-\u001f\u007f]*$/i;
/** Everything under `root` that could run, load, navigate or style: empty for safe output. */
export function dangersIn(root: ParentNode): string[] {
  const found: string[] = [];
  for (const node of Array.from(root.querySelectorAll('*'))) {
    const tag = node.tagName.toLowerCase();
    if (!RENDERED_TAGS.has(tag)) found.push(`<${tag}>`);
    if (tag === 'input' && (node.getAttribute('type') !== 'checkbox' || !node.hasAttribute('disabled'))) found.push('active <input>');
    for (const attr of Array.from(node.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || FORBIDDEN_ATTRS.has(name)) found.push(`${tag}[${name}]`);
    }
    const href = node.getAttribute('href');
    if (href !== null && (tag !== 'a' || !SAFE_HREF.test(href))) found.push(`${tag}[href=${href}]`);
  }
  return found;
}

/** dangersIn() for an HTML string (parsed by jsdom, which runs no scripts). */
export function dangersInHtml(html: string, win: Window = createWindow()): string[] {
  const div = win.document.createElement('div');
  div.innerHTML = html;
  return dangersIn(div);
}
