/// <reference lib="dom" />
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../media/chat/markdown/renderer';
import { decorateCodeBlocks } from '../../media/chat/view/codeBlock';

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
// `href` included: VS Code's webview host opens any clicked `<a href>` itself, without asking the user.
const FORBIDDEN_ATTRS = new Set(['href', 'style', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'id', 'name', 'autofocus']);
/** The only link targets allowed (in data-href); deliberately independent of the production safeHref. */
// eslint-disable-next-line no-control-regex
const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\u0000-\u001f\u007f]*$/i;
/** The only titles allowed: our own, naming a link's real target, why a link was removed, or a code block button. */
function isOwnTitle(node: Element, title: string): boolean {
  if (node.tagName === 'BUTTON') return true;
  const target = node.getAttribute('data-href');
  if (target !== null) return title === target || title === `Image not loaded: ${target}`;
  return node.classList.contains('link-blocked') && title.startsWith('Link removed');
}
/** Everything under `root` that could run, load, navigate, style or mislead: empty for safe output. */
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
    const target = node.getAttribute('data-href');
    if (target !== null && (tag !== 'a' || !SAFE_HREF.test(target))) found.push(`${tag}[data-href=${target}]`);
    const title = node.getAttribute('title');
    if (title !== null && !isOwnTitle(node, title)) found.push(`${tag}[title=${title}]`);
  }
  return found;
}

/** dangersIn() for an HTML string (parsed by jsdom, which runs no scripts). */
export function dangersInHtml(html: string, win: Window = createWindow()): string[] {
  const div = win.document.createElement('div');
  div.innerHTML = html;
  return dangersIn(div);
}
