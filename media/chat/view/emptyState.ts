import { el } from './dom';

/** The friendly first screen: what to ask and the shortcuts. */
export function createEmptyState(doc: Document): HTMLElement {
  const mac = /Mac|iPhone|iPad/.test(doc.defaultView?.navigator.platform ?? '');
  const ask = mac ? '⌘⌥I' : 'Ctrl+Alt+I';
  const root = el(doc, 'div', 'empty-state');
  const icon = el(doc, 'span', 'codicon codicon-comment-discussion empty-icon');
  icon.setAttribute('aria-hidden', 'true');
  const hints = el(doc, 'ul', 'empty-hints');
  for (const [keys, text] of [
    [ask, 'in the editor asks about the selected code'],
    ['Enter', 'sends · Shift+Enter adds a new line'],
    ['Esc', 'stops an answer'],
  ] as const) {
    const item = el(doc, 'li');
    item.append(el(doc, 'kbd', '', keys), doc.createTextNode(` ${text}`));
    hints.append(item);
  }
  root.append(
    icon,
    el(doc, 'h2', 'empty-title', 'Ask Bedrock'),
    el(doc, 'p', 'empty-text', 'Ask a question about your code: explain a function, find a bug, write a test, or draft a regex.'),
    hints,
  );
  return root;
}
