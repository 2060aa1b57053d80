import createDOMPurify from 'dompurify';
import { t } from '../strings';
import { safeHref } from './urls';

/** Every tag our markdown renderer emits; anything else is dropped with its content kept as text. */
const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'span', 'input',
];
// No `href`/`title`: links keep their target in data-href (see renderer.ts) and titles are ours.
const ALLOWED_ATTR = ['data-href', 'class', 'align', 'start', 'type', 'checked', 'disabled'];

/** Makes an `<a data-href>` act like a link (focus, Enter, hover shows the real target) that cannot be dragged out. */
function markLink(node: Element, target: string): void {
  node.setAttribute('role', 'link');
  node.setAttribute('tabindex', '0');
  node.setAttribute('draggable', 'false');
  const image = node.classList.contains('image-placeholder');
  node.setAttribute('title', image ? t('imageNotLoaded', target) : target);
}

/** Turns renderer HTML into a safe DocumentFragment. */
export type Sanitizer = (html: string) => DocumentFragment;

/** A strict DOMPurify sanitizer bound to `win` (the webview's window, or jsdom's in tests). */
export function createSanitizer(win: Window): Sanitizer {
  const purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (data.attrName === 'data-href') {
      const ok = node.nodeName === 'A' ? safeHref(data.attrValue) : undefined;
      if (ok === undefined) data.keepAttr = false;
    } else if (data.attrName === 'class') {
      // Only our own class names (hljs-*, language-*, code-*, …): letters, digits, dashes.
      data.attrValue = data.attrValue.split(/\s+/).filter((c) => /^[a-z][\w-]*$/i.test(c)).join(' ');
    } else if (data.attrName === 'type' && (node.nodeName !== 'INPUT' || data.attrValue !== 'checkbox')) {
      data.keepAttr = false;
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'INPUT') {
      node.setAttribute('type', 'checkbox');
      node.setAttribute('disabled', '');
    } else if (node.nodeName === 'A') {
      const target = node.getAttribute('data-href');
      if (target) markLink(node, target);
    } else if (node.nodeName === 'SPAN' && node.classList.contains('link-blocked')) {
      node.setAttribute('title', t('linkRemoved'));
    }
  });
  return (html) =>
    purify.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
      KEEP_CONTENT: true,
      RETURN_DOM_FRAGMENT: true,
      SANITIZE_DOM: true,
      SANITIZE_NAMED_PROPS: true,
    }) as DocumentFragment;
}
