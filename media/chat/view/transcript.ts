import type { TranscriptUpdate, Turn, TurnError, TurnStatus, AnswerStats, WebviewToHost } from '../../../src/protocol/webview';
import { IncrementalMarkdown } from '../markdown/incrementalRenderer';
import type { MarkdownRenderer } from '../markdown/renderer';
import { codeTextFor } from './codeBlock';
import { el, iconButton } from './dom';
import { createEmptyState } from './emptyState';
import { omittedNote } from './omittedNote';
import { routeLinkEvents } from './links';
import { formatStats } from './statsLine';

/** A finished answer that was streamed: its blocks skip layout and paint while off screen (chat.css). */
export const STREAMED_CLASS = 'streamed';

/** The event's target if it is an element (no `instanceof`: it must work across realms and in jsdom). */
function targetElement(event: Event): Element | undefined {
  const target = event.target as Partial<Element> | null;
  return target && typeof target.closest === 'function' ? (target as Element) : undefined;
}

interface TurnView {
  root: HTMLElement;
  answer: HTMLElement;
  markdown: IncrementalMarkdown | undefined;
  status: TurnStatus;
}

/**
 * The list of turns inside the `role="log"` element: builds each turn's DOM, feeds answer
 * text to its incremental renderer, and turns clicks on links and buttons into host messages.
 */
export class Transcript {
  private readonly turns = new Map<string, TurnView>();
  private readonly dirty = new Set<TurnView>();
  private readonly doc: Document;
  private readonly empty: HTMLElement;

  constructor(
    private readonly log: HTMLElement,
    private readonly renderer: MarkdownRenderer,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    this.doc = log.ownerDocument;
    this.empty = createEmptyState(this.doc);
    log.append(this.empty);
    log.addEventListener('click', (event) => this.onClick(event));
    routeLinkEvents(log, post);
  }

  /** True while some answer is streaming. */
  get streaming(): boolean {
    for (const turn of this.turns.values()) if (turn.status === 'streaming') return true;
    return false;
  }

  /** Replaces everything with `turns` (view reload, New Chat). */
  reset(turns: readonly Turn[]): void {
    for (const turn of this.turns.values()) turn.root.remove();
    this.turns.clear();
    this.dirty.clear();
    for (const turn of turns) this.addTurn(turn);
    this.updateEmptyState();
  }

  /** Applies one update; rendering of appended text waits for `flush()`. */
  apply(update: TranscriptUpdate): void {
    switch (update.type) {
      case 'turnStarted':
        this.turns.get(update.turn.id)?.root.remove();
        this.addTurn(update.turn);
        break;
      case 'appended': {
        const turn = this.turns.get(update.turnId);
        if (!turn?.markdown) return;
        turn.markdown.append(update.text);
        this.dirty.add(turn);
        break;
      }
      case 'turnFinished': {
        const turn = this.turns.get(update.turnId);
        if (turn) this.finishTurn(turn, update.status, update.stats, update.error);
        break;
      }
      case 'turnRemoved':
        this.turns.get(update.turnId)?.root.remove();
        this.turns.delete(update.turnId);
        break;
    }
    this.updateEmptyState();
  }

  /** Renders text appended since the last flush (once per animation frame). */
  flush(): void {
    for (const turn of this.dirty) turn.markdown?.flush();
    this.dirty.clear();
  }

  private addTurn(turn: Turn): void {
    const doc = this.doc;
    const root = el(doc, 'article', 'turn');
    root.dataset.turnId = turn.id;
    root.setAttribute('aria-label', 'Question and answer');

    if (turn.omitted) root.append(el(doc, 'div', 'turn-note turn-omitted', omittedNote(turn.omitted)));
    const user = el(doc, 'div', 'turn-user');
    if (turn.context) {
      const { fileName, startLine, endLine } = turn.context;
      const context = el(doc, 'div', 'turn-context');
      const icon = el(doc, 'span', 'codicon codicon-file-code');
      icon.setAttribute('aria-hidden', 'true');
      context.append(icon, el(doc, 'span', '', `${fileName}:${startLine}-${endLine}`));
      user.append(context);
    }
    user.append(el(doc, 'div', 'turn-prompt', turn.prompt));

    const answer = el(doc, 'div', 'turn-answer markdown');
    root.append(user, answer);
    const view: TurnView = { root, answer, markdown: undefined, status: turn.status };
    if (turn.status === 'streaming') {
      view.markdown = new IncrementalMarkdown(answer, this.renderer);
      root.classList.add('streaming');
      if (turn.answer) {
        view.markdown.append(turn.answer);
        this.dirty.add(view);
      }
    } else {
      answer.append(this.renderer.renderAll(turn.answer));
      this.showOutcome(view, turn.status, turn.stats, turn.error);
    }
    this.turns.set(turn.id, view);
    this.log.append(root);
  }

  private finishTurn(turn: TurnView, status: Exclude<TurnStatus, 'streaming'>, stats?: AnswerStats, error?: TurnError): void {
    if (turn.status !== 'streaming') return;
    this.dirty.delete(turn);
    turn.markdown?.finish();
    turn.markdown = undefined;
    // Its blocks keep skipping layout off screen: laying out a long answer whole costs a frame of
    // 100 ms and more, and each block already has its true size from when it was on screen.
    turn.answer.classList.add(STREAMED_CLASS);
    turn.root.classList.remove('streaming');
    this.showOutcome(turn, status, stats, error);
  }

  private showOutcome(turn: TurnView, status: TurnStatus, stats?: AnswerStats, error?: TurnError): void {
    const doc = this.doc;
    turn.status = status;
    if (status === 'stopped') turn.root.append(el(doc, 'div', 'turn-note', 'Stopped.'));
    if (status === 'error') {
      const card = el(doc, 'div', 'error-card');
      card.setAttribute('role', 'alert');
      const icon = el(doc, 'span', 'codicon codicon-error');
      icon.setAttribute('aria-hidden', 'true');
      card.append(icon, el(doc, 'span', 'error-message', error?.message ?? 'The answer failed.'));
      if (error?.retryable ?? true) {
        const retry = iconButton(doc, 'refresh', 'Retry', 'text-button retry');
        retry.dataset.action = 'retry';
        retry.append(el(doc, 'span', '', 'Retry'));
        card.append(retry);
      }
      turn.root.append(card);
    }
    const line = stats ? formatStats(stats) : '';
    if (line) turn.root.append(el(doc, 'div', 'turn-stats', line));
  }

  private onClick(event: MouseEvent): void {
    const target = targetElement(event);
    if (!target) return;
    const button = target.closest<HTMLElement>('button[data-action]');
    const action = button?.dataset.action;
    if (!button || !action) return;
    if (action === 'copy' || action === 'insert') {
      const text = codeTextFor(button);
      if (text !== undefined) this.post({ type: action, text });
    } else if (action === 'retry') {
      const turnId = button.closest<HTMLElement>('.turn')?.dataset.turnId;
      if (turnId) this.post({ type: 'retry', turnId });
    }
  }

  private updateEmptyState(): void {
    this.empty.hidden = this.turns.size > 0;
  }
}
