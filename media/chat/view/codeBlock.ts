import { el, iconButton } from './dom';

/** What a code block button does; read back by the transcript's click handler. */
export type CodeAction = 'copy' | 'insert';

/** Wraps every top-level `pre > code` of a rendered fragment in a block with a language label, Copy and Insert. */
export function decorateCodeBlocks(fragment: DocumentFragment, doc: Document): void {
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.firstElementChild;
    if (!code || code.tagName !== 'CODE' || pre.parentElement?.classList.contains('code-block')) continue;
    const language = /(?:^|\s)language-([^\s]+)/.exec(code.className)?.[1] ?? '';
    const block = el(doc, 'div', 'code-block');
    const header = el(doc, 'div', 'code-header');
    const label = el(doc, 'span', 'code-language', language || 'text');
    const actions = el(doc, 'span', 'code-actions');
    const copy = iconButton(doc, 'copy', 'Copy code', 'code-action');
    copy.dataset.action = 'copy' satisfies CodeAction;
    const insert = iconButton(doc, 'insert', 'Insert code at cursor', 'code-action');
    insert.dataset.action = 'insert' satisfies CodeAction;
    actions.append(copy, insert);
    header.append(label, actions);
    pre.replaceWith(block);
    block.append(header, pre);
  }
}

/** The raw code text of the block a Copy/Insert button belongs to. */
export function codeTextFor(button: Element): string | undefined {
  const code = button.closest('.code-block')?.querySelector('pre > code');
  return code?.textContent ?? undefined;
}
