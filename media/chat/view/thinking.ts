import { t } from '../strings';
import { el } from './dom';

/** What the summary says once the answer has started (or the turn ended). */
function doneLabel(seconds: number | undefined, hasText: boolean, redacted: boolean): string {
  if (!hasText && redacted) return t('reasoningRedacted');
  const thought = seconds === undefined ? t('thought') : t('thoughtFor', Math.max(1, Math.round(seconds)));
  return redacted ? t('thoughtPartlyRedacted', thought) : thought;
}

/**
 * The model's reasoning above its answer: a `<details>` whose summary reads "Thinking…" and
 * whose body streams the reasoning as plain text. It is open while only reasoning has come,
 * collapses once when the answer's first text arrives (the user can reopen it), and then says
 * how long the model thought.
 */
export class ThinkingSection {
  readonly root: HTMLDetailsElement;
  private readonly label: HTMLElement;
  private readonly body: HTMLElement;
  private hasText = false;
  private redacted = false;
  private live: boolean;
  private seconds: number | undefined;

  constructor(
    private readonly doc: Document,
    /** Streaming: open and "Thinking…"; from history: closed, already done. */
    streaming: boolean,
  ) {
    this.live = streaming;
    this.root = el(doc, 'details', 'turn-thinking');
    const summary = el(doc, 'summary', 'thinking-summary');
    const icon = el(doc, 'span', 'codicon codicon-lightbulb');
    icon.setAttribute('aria-hidden', 'true');
    this.label = el(doc, 'span', 'thinking-label', t('thinking'));
    summary.append(icon, this.label);
    this.body = el(doc, 'div', 'thinking-text');
    this.root.append(summary, this.body);
    this.root.open = streaming;
    if (streaming) this.root.classList.add('live');
  }

  /** True until the answer started or the turn ended. */
  get isLive(): boolean {
    return this.live;
  }

  /** Appends reasoning text (as text, never markup) and/or marks that some came redacted. */
  append(text: string | undefined, redacted = false): void {
    if (text) {
      this.body.append(this.doc.createTextNode(text));
      this.hasText = true;
    }
    if (redacted && !this.redacted) {
      this.redacted = true;
      this.root.classList.add('redacted');
    }
    if (!this.live) this.label.textContent = doneLabel(this.seconds, this.hasText, this.redacted);
  }

  /** The answer started or the turn ended: collapse (once) and say how long it took, if known. */
  done(seconds?: number): void {
    if (this.live) this.root.open = false;
    this.live = false;
    this.seconds ??= seconds;
    this.root.classList.remove('live');
    this.label.textContent = doneLabel(this.seconds, this.hasText, this.redacted);
  }
}
