import type { WebviewToHost } from '../../../src/protocol/webview';

/** An answer link as the sanitizer leaves it: no `href`, the target in data-href (markdown/sanitize.ts). */
export const ANSWER_LINK = 'a[data-href]';

/** The answer link an event happened on or inside, if any (no `instanceof`: works across realms and in jsdom). */
function linkOf(event: Event): HTMLElement | undefined {
  const target = event.target as Partial<Element> | null;
  if (!target || typeof target.closest !== 'function') return undefined;
  return (target as Element).closest<HTMLElement>(ANSWER_LINK) ?? undefined;
}

/**
 * Routes every way of following an answer link inside `root` (click with any modifier,
 * middle-click, Enter) to one `openLink` message, which the host confirms with the user before
 * opening anything; dragging a link out carries nothing. The links have no `href`, so neither
 * the browser nor VS Code's webview host can open them on their own.
 */
export function routeLinkEvents(root: HTMLElement, post: (message: WebviewToHost) => void): void {
  const open = (link: HTMLElement) => {
    const href = link.dataset.href;
    if (href) post({ type: 'openLink', href });
  };
  root.addEventListener('click', (event) => {
    const link = linkOf(event);
    if (!link) return;
    event.preventDefault();
    open(link);
  });
  root.addEventListener('auxclick', (event) => {
    const link = linkOf(event);
    if (!link) return;
    event.preventDefault();
    if (event.button === 1) open(link);
  });
  root.addEventListener('keydown', (event) => {
    const link = linkOf(event);
    if (!link || event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    open(link);
  });
  root.addEventListener('dragstart', (event) => {
    if (linkOf(event)) event.preventDefault();
  });
}
