import type { WebviewStringKey } from '../../../src/protocol/webviewStrings';
import { t } from '../strings';
import { el, iconButton } from './dom';

/** What a code block button does; read back by the transcript's click handler. */
export type CodeAction = 'copy' | 'insert' | 'apply';

const ACTIONS: ReadonlyArray<{ action: CodeAction; icon: string; label: WebviewStringKey }> = [
  { action: 'copy', icon: 'copy', label: 'copyCode' },
  { action: 'insert', icon: 'insert', label: 'insertCode' },
  { action: 'apply', icon: 'git-compare', label: 'applyCode' },
];

/** Wraps every top-level `pre > code` of a rendered fragment in a block with a language label, Copy, Insert and Apply. */
export function decorateCodeBlocks(fragment: DocumentFragment, doc: Document): void {
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.firstElementChild;
    if (!code || code.tagName !== 'CODE' || pre.parentElement?.classList.contains('code-block')) continue;
    const language = /(?:^|\s)language-([^\s]+)/.exec(code.className)?.[1] ?? '';
    const block = el(doc, 'div', 'code-block');
    if (language) block.dataset.language = language;
    const header = el(doc, 'div', 'code-header');
    const label = el(doc, 'span', 'code-language', language || t('plainTextLanguage'));
    const actions = el(doc, 'span', 'code-actions');
    for (const { action, icon, label: text } of ACTIONS) {
      const button = iconButton(doc, icon, t(text), 'code-action');
      button.dataset.action = action;
      actions.append(button);
    }
    header.append(label, actions);
    pre.replaceWith(block);
    // A long line scrolls sideways: the keyboard must reach the scroll too (WCAG 2.1.1).
    pre.tabIndex = 0;
    block.append(header, pre);
  }
}

/** The raw code text of the block a Copy/Insert/Apply button belongs to. */
export function codeTextFor(button: Element): string | undefined {
  const code = button.closest('.code-block')?.querySelector('pre > code');
  return code?.textContent ?? undefined;
}

/** The fence's language of the block a button belongs to ('' when it had none). */
export function codeLanguageFor(button: Element): string {
  return button.closest<HTMLElement>('.code-block')?.dataset.language ?? '';
}
