import { el } from './dom';

/** How many words of a finished answer the announcement reads out. */
const FIRST_WORDS = 12;

/** The first words of `text` (whitespace collapsed), with an ellipsis when there are more. */
export function firstWords(text: string, count = FIRST_WORDS): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length > count ? `${words.slice(0, count).join(' ')}…` : words.join(' ');
}

/**
 * A visually hidden polite status line: what a screen reader says once, when something ends (an
 * answer is complete, stopped). The transcript itself is not a live region, so streamed text is
 * not read out chunk by chunk.
 */
export class Announcer {
  readonly root: HTMLElement;

  constructor(doc: Document) {
    this.root = el(doc, 'div', 'visually-hidden announcer');
    this.root.setAttribute('role', 'status');
    this.root.setAttribute('aria-live', 'polite');
    this.root.setAttribute('aria-atomic', 'true');
  }

  /** Announces `text` (replacing the previous announcement). */
  say(text: string): void {
    // The same text twice in a row is a change too (a no-break space): screen readers announce changes only.
    this.root.textContent = this.root.textContent === text ? `${text}\u00a0` : text;
  }
}
