import type { AnswerStats, TranscriptUpdate, Turn, TurnError, TurnStatus, WebviewToHost } from '../../../src/protocol/webview';
import { idleScheduler } from '../idle';
import { IncrementalMarkdown } from '../markdown/incrementalRenderer';
import type { MarkdownRenderer } from '../markdown/renderer';
import { t } from '../strings';
import { firstWords } from './announcer';
import { codeLanguageFor, codeTextFor } from './codeBlock';
import { DeferredAnswers, intersectionWatcher, type NearScreenWatcher, type SliceScheduler } from './deferredAnswers';
import { el, iconButton } from './dom';
import { createEmptyState } from './emptyState';
import { routeLinkEvents } from './links';
import { omittedNote } from './omittedNote';
import { formatStats } from './statsLine';
import { ThinkingSection } from './thinking';
import { turnAttachments } from './turnAttachments';

/** A finished answer whose blocks skip layout and paint while off screen (chat.css): streamed, or a long one from history. */
export const STREAMED_CLASS = 'streamed';
/** An answer from history not rendered yet (DeferredAnswers renders it). */
export const PENDING_CLASS = 'pending';
/** A turn from history: skips layout and paint as a whole while off screen (transcript.css). */
export const HISTORY_CLASS = 'from-history';
/** From this size on, an answer from history also skips layout block by block: laying it out whole would be a long frame. */
const LONG_ANSWER_CHARS = 64 * 1024;

/** The event's target if it is an element (no `instanceof`: it must work across realms and in jsdom). */
function targetElement(event: Event): Element | undefined {
  const target = event.target as Partial<Element> | null;
  return target && typeof target.closest === 'function' ? (target as Element) : undefined;
}

interface TurnView {
  id: string;
  root: HTMLElement;
  answer: HTMLElement;
  /** What follows the answer: notes, the error card, Continue, the stats line. */
  outcome: HTMLElement;
  markdown: IncrementalMarkdown | undefined;
  status: TurnStatus;
  /** The answer's text so far (Continue renders it again with what follows). */
  text: string;
  thinking: ThinkingSection | undefined;
  /** When this view saw the turn start streaming (the webview's clock), for "Thought for N s". */
  startedAt: number | undefined;
}

/** What the transcript needs from the page besides the DOM (fakes in tests). */
export interface TranscriptOptions {
  scheduler?: SliceScheduler;
  /** Reports answers coming near the screen; default: an IntersectionObserver on the log. */
  watcher?: NearScreenWatcher;
  /** Says a short text once to screen readers (the transcript is not a live region); default: nothing. */
  announce?: (text: string) => void;
}

const browserScheduler: SliceScheduler = {
  task: (callback) => void setTimeout(callback, 0),
  idle: idleScheduler,
  now: () => performance.now(),
};

/**
 * The list of turns inside the transcript element (a named region, not a live one: see Announcer): builds each turn's DOM, feeds answer
 * text to its incremental renderer, and turns clicks on links and buttons into host messages.
 * A reopened conversation shows at once; its older answers render in slices (DeferredAnswers).
 */
export class Transcript {
  private readonly turns = new Map<string, TurnView>();
  private readonly dirty = new Set<TurnView>();
  private readonly doc: Document;
  private readonly empty: HTMLElement;
  private readonly deferred: DeferredAnswers;
  private readonly scheduler: SliceScheduler;
  private readonly announce: (text: string) => void;

  constructor(
    private readonly log: HTMLElement,
    private readonly renderer: MarkdownRenderer,
    private readonly post: (message: WebviewToHost) => void,
    options: TranscriptOptions = {},
  ) {
    this.doc = log.ownerDocument;
    this.scheduler = options.scheduler ?? browserScheduler;
    this.announce = options.announce ?? (() => undefined);
    this.deferred = new DeferredAnswers(renderer, this.scheduler, options.watcher ?? intersectionWatcher(log), (busy) => {
      // Screen readers wait for the answers in view; tests and the bench wait on it too.
      if (busy) log.setAttribute('aria-busy', 'true');
      else log.removeAttribute('aria-busy');
    });
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

  /** Replaces everything with `turns` (view reload, New Chat, another conversation). The newest answers render first. */
  reset(turns: readonly Turn[]): void {
    this.deferred.clear();
    for (const turn of this.turns.values()) turn.root.remove();
    this.turns.clear();
    this.dirty.clear();
    const views = turns.map((turn) => this.addTurn(turn, true));
    // Newest first, the newest finished answer before any other: the transcript opens scrolled to the bottom.
    let newestFinished = true;
    for (let i = views.length - 1; i >= 0; i--) if (this.deferAnswer(views[i]!, turns[i]!.answer, newestFinished)) newestFinished = false;
    this.deferred.run();
    this.updateEmptyState();
  }

  /** Applies one update; rendering of appended text waits for `flush()`. */
  apply(update: TranscriptUpdate): void {
    switch (update.type) {
      case 'turnStarted': {
        const old = this.turns.get(update.turn.id);
        if (old) this.removeTurn(old);
        this.addTurn(update.turn, false);
        break;
      }
      case 'appended': {
        const turn = this.turns.get(update.turnId);
        if (!turn?.markdown || !update.text) return;
        if (turn.thinking?.isLive) turn.thinking.done(this.secondsSinceStart(turn));
        turn.text += update.text;
        turn.markdown.append(update.text);
        this.dirty.add(turn);
        break;
      }
      case 'reasoning': {
        const turn = this.turns.get(update.turnId);
        if (turn?.status === 'streaming') this.thinkingOf(turn, true).append(update.text, update.redacted);
        break;
      }
      case 'turnFinished': {
        const turn = this.turns.get(update.turnId);
        if (turn) this.finishTurn(turn, update.status, update.stats, update.error, update.canContinue);
        break;
      }
      case 'turnResumed': {
        const turn = this.turns.get(update.turnId);
        if (turn) this.resumeTurn(turn);
        break;
      }
      case 'turnRemoved': {
        const turn = this.turns.get(update.turnId);
        if (turn) this.removeTurn(turn);
        break;
      }
    }
    this.updateEmptyState();
  }

  /** Renders text appended since the last flush (once per animation frame). */
  flush(): void {
    for (const turn of this.dirty) turn.markdown?.flush();
    this.dirty.clear();
  }

  /** Builds a turn's DOM; a finished answer from history is left for `deferAnswer`. */
  private addTurn(turn: Turn, fromHistory: boolean): TurnView {
    const doc = this.doc;
    const root = el(doc, 'article', 'turn');
    root.dataset.turnId = turn.id;
    root.setAttribute('aria-label', t('questionAndAnswer'));

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
    if (turn.attachments?.length) user.append(turnAttachments(doc, turn.attachments));

    const answer = el(doc, 'div', 'turn-answer markdown');
    // Shown by CSS while the answer is empty and streaming; text from the strings table, so it is translated.
    answer.dataset.placeholder = t('thinking');
    const outcome = el(doc, 'div', 'turn-outcome');
    root.append(user, answer, outcome);
    const streaming = turn.status === 'streaming';
    const view: TurnView = {
      id: turn.id,
      root,
      answer,
      outcome,
      markdown: undefined,
      status: turn.status,
      text: turn.answer,
      thinking: undefined,
      startedAt: streaming ? this.scheduler.now() : undefined,
    };
    if (turn.reasoning || turn.reasoningRedacted) {
      const thinking = this.thinkingOf(view, streaming && !turn.answer);
      thinking.append(turn.reasoning, turn.reasoningRedacted);
      if (!thinking.isLive) thinking.done(turn.stats?.timeToFirstTokenMs !== undefined ? turn.stats.timeToFirstTokenMs / 1000 : undefined);
    }
    if (streaming) {
      this.startStreaming(view, turn.answer);
    } else {
      if (!fromHistory) answer.append(this.renderer.renderAll(turn.answer));
      this.showOutcome(view, turn.status, turn.stats, turn.error, turn.canContinue);
    }
    this.turns.set(turn.id, view);
    this.log.append(root);
    return view;
  }

  /** Leaves a finished answer from history to DeferredAnswers (`near`: render it first); false for a streaming one. */
  private deferAnswer(view: TurnView, text: string, near: boolean): boolean {
    if (view.status === 'streaming') return false;
    // Not the one shown first: skipped, it would open at an estimated height, and the bottom would move away once laid out.
    if (!near) view.root.classList.add(HISTORY_CLASS);
    view.answer.classList.add(PENDING_CLASS);
    this.deferred.add(view.answer, text, near, () => {
      view.answer.classList.remove(PENDING_CLASS);
      if (text.length >= LONG_ANSWER_CHARS) view.answer.classList.add(STREAMED_CLASS);
    });
    return true;
  }

  /** The turn's thinking section, created before its answer on first use. */
  private thinkingOf(view: TurnView, live: boolean): ThinkingSection {
    if (!view.thinking) {
      view.thinking = new ThinkingSection(this.doc, live);
      view.root.insertBefore(view.thinking.root, view.answer);
      view.root.classList.add('has-thinking');
    }
    return view.thinking;
  }

  private startStreaming(view: TurnView, text: string): void {
    view.status = 'streaming';
    view.markdown = new IncrementalMarkdown(view.answer, this.renderer);
    view.root.classList.add('streaming');
    view.root.setAttribute('aria-busy', 'true');
    if (text) {
      view.markdown.append(text);
      this.dirty.add(view);
    }
  }

  private finishTurn(turn: TurnView, status: Exclude<TurnStatus, 'streaming'>, stats?: AnswerStats, error?: TurnError, canContinue?: boolean): void {
    if (turn.status !== 'streaming') return;
    if (turn.thinking?.isLive) turn.thinking.done(this.secondsSinceStart(turn));
    this.dirty.delete(turn);
    turn.markdown?.finish();
    turn.markdown = undefined;
    // Its blocks keep skipping layout off screen: laying out a long answer whole costs a frame of
    // 100 ms and more, and each block already has its true size from when it was on screen.
    turn.answer.classList.add(STREAMED_CLASS);
    turn.root.classList.remove('streaming');
    turn.root.removeAttribute('aria-busy');
    this.showOutcome(turn, status, stats, error, canContinue);
    // One announcement when it ends, never per chunk; an error card announces itself (role="alert").
    if (status === 'done') this.announce(t('answerComplete', firstWords(turn.answer.textContent ?? '')));
    else if (status === 'stopped') this.announce(t('stopped'));
  }

  /** Continue: the finished answer streams again; appended text goes on after it, as one answer. */
  private resumeTurn(turn: TurnView): void {
    if (turn.status === 'streaming') return;
    // Not rendered yet (history): no need, it is rendered again from its text below.
    this.deferred.cancel(turn.answer);
    const hadFocus = turn.outcome.contains(this.doc.activeElement);
    turn.outcome.replaceChildren();
    if (hadFocus) this.log.focus({ preventScroll: true });
    turn.answer.classList.remove(STREAMED_CLASS, PENDING_CLASS);
    turn.root.classList.remove(HISTORY_CLASS);
    // Rendered again from its text: the new part may continue a paragraph or a code block.
    turn.answer.replaceChildren();
    turn.startedAt = this.scheduler.now();
    this.startStreaming(turn, turn.text);
  }

  private removeTurn(turn: TurnView): void {
    this.deferred.cancel(turn.answer);
    this.dirty.delete(turn);
    turn.root.remove();
    this.turns.delete(turn.id);
  }

  private secondsSinceStart(turn: TurnView): number | undefined {
    return turn.startedAt === undefined ? undefined : (this.scheduler.now() - turn.startedAt) / 1000;
  }

  private showOutcome(turn: TurnView, status: TurnStatus, stats?: AnswerStats, error?: TurnError, canContinue?: boolean): void {
    const doc = this.doc;
    const outcome = turn.outcome;
    turn.status = status;
    outcome.replaceChildren();
    if (status === 'stopped') outcome.append(el(doc, 'div', 'turn-note', t('stopped')));
    if (status === 'error') {
      const card = el(doc, 'div', 'error-card');
      card.setAttribute('role', 'alert');
      const icon = el(doc, 'span', 'codicon codicon-error');
      icon.setAttribute('aria-hidden', 'true');
      card.append(icon, el(doc, 'span', 'error-message', error?.message ?? t('answerFailed')));
      if (error?.action) {
        const fix = el(doc, 'button', 'icon-button text-button error-action', error.action.label);
        fix.type = 'button';
        fix.dataset.action = 'errorAction';
        card.append(fix);
      }
      if (error?.retryable ?? true) card.append(this.textButton('refresh', t('retry'), 'retry'));
      if (canContinue) card.append(this.textButton('debug-continue', t('continue'), 'continue'));
      outcome.append(card);
    } else if (canContinue) {
      const row = el(doc, 'div', 'turn-continue');
      const note = stats?.stopReason === 'max_tokens' ? t('lengthLimitReached') : t('stoppedEarly');
      row.append(el(doc, 'span', 'turn-note', note), this.textButton('debug-continue', t('continue'), 'continue'));
      outcome.append(row);
    }
    const line = stats ? formatStats(stats) : '';
    if (line) outcome.append(el(doc, 'div', 'turn-stats', line));
  }

  /** A button with a codicon and a visible label, whose click the transcript turns into `action`. */
  private textButton(icon: string, label: string, action: 'retry' | 'continue'): HTMLButtonElement {
    const button = iconButton(this.doc, icon, label, `text-button ${action}`);
    button.dataset.action = action;
    button.append(el(this.doc, 'span', '', label));
    return button;
  }

  private onClick(event: MouseEvent): void {
    const target = targetElement(event);
    if (!target) return;
    const button = target.closest<HTMLElement>('button[data-action]');
    const action = button?.dataset.action;
    if (!button || !action) return;
    const turnId = button.closest<HTMLElement>('.turn')?.dataset.turnId;
    if (action === 'copy' || action === 'insert') {
      const text = codeTextFor(button);
      if (text !== undefined) this.post({ type: action, text });
    } else if (action === 'apply') {
      const text = codeTextFor(button);
      const language = codeLanguageFor(button);
      if (text !== undefined && turnId) this.post({ type: 'apply', turnId, text, ...(language ? { language } : {}) });
    } else if ((action === 'retry' || action === 'continue' || action === 'errorAction') && turnId) {
      this.post({ type: action, turnId });
    }
  }

  private updateEmptyState(): void {
    this.empty.hidden = this.turns.size > 0;
  }
}
