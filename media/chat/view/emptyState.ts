import { t } from '../strings';
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
    [ask, t('emptyHintAsk')],
    ['Enter', t('emptyHintEnter')],
    ['Esc', t('emptyHintEsc')],
  ] as const) {
    const item = el(doc, 'li');
    item.append(el(doc, 'kbd', '', keys), doc.createTextNode(` ${text}`));
    hints.append(item);
  }
  root.append(
    icon,
    el(doc, 'h2', 'empty-title', 'Ask Bedrock'),
    el(doc, 'p', 'empty-text', t('emptyText')),
    hints,
  );
  return root;
}
