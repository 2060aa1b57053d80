import type { Token } from 'marked';
import type { MarkdownRenderer } from '../markdown/renderer';

/** When deferred work runs: the browser's timers and idle callbacks, or fakes in tests. */
export interface SliceScheduler {
  /** Soon, as a task of its own: work the user is looking at. */
  task(callback: () => void): void;
  /** When the page is idle: work nobody is looking at yet. */
  idle(callback: () => void): void;
  now(): number;
}

/** Watches answers for coming near the screen (an IntersectionObserver, or nothing where there is none). */
export type NearScreenWatcher = (onNear: (element: Element) => void, onReported: () => void) =>
  | { observe(element: Element): void; unobserve(element: Element): void; disconnect(): void }
  | undefined;

/** One answer waiting to be rendered. */
interface Job {
  container: HTMLElement;
  text: string;
  tokens: Token[] | undefined;
  /** Blocks `[next, tokens.length)` are on screen: rendering goes from the end, where the reader is. */
  next: number;
  near: boolean;
  onDone: () => void;
}

/** Main-thread time one slice may take: frames in between stay well under 50 ms. */
const SLICE_MS = 8;
/** Source characters rendered at once before checking the clock (a block is never split). */
const GROUP_CHARS = 4096;
/** How far outside the transcript's visible part an answer counts as near the screen. */
const NEAR_MARGIN = '100% 0px';

/** The browser's IntersectionObserver on `root`'s scroll area, when there is one. */
export function intersectionWatcher(root: HTMLElement): NearScreenWatcher {
  return (onNear, onReported) => {
    const Observer = root.ownerDocument.defaultView?.IntersectionObserver;
    if (!Observer) return undefined;
    const observer = new Observer(
      (entries) => {
        for (const entry of entries) if (entry.isIntersecting) onNear(entry.target);
        onReported();
      },
      { root, rootMargin: NEAR_MARGIN },
    );
    return observer;
  };
}

/**
 * Renders finished answers of a reopened conversation after the fact, in slices of a few
 * milliseconds: those near the screen first (newest first), from their end backwards, then the
 * rest while the page is idle. Reopening a long conversation then costs the few answers the
 * reader sees, never one long frame for all of them; the others arrive before anyone scrolls to them.
 */
export class DeferredAnswers {
  /** Newest first. */
  private jobs: Job[] = [];
  private readonly byContainer = new Map<Element, Job>();
  private readonly observer: ReturnType<NearScreenWatcher>;
  private taskQueued = false;
  private idleQueued = false;
  /** False from `add()` until the watcher said what is near the screen. */
  private reported = true;

  constructor(
    private readonly renderer: MarkdownRenderer,
    private readonly scheduler: SliceScheduler,
    watcher: NearScreenWatcher,
    /** Called with true while answers near the screen wait, false once they are all shown. */
    private readonly onBusy: (busy: boolean) => void,
  ) {
    this.observer = watcher(
      (element) => this.markNear(element),
      () => {
        this.reported = true;
        this.schedule();
      },
    );
  }

  /** True while an answer near the screen is still waiting. */
  get busy(): boolean {
    return !this.reported || this.jobs.some((job) => job.near);
  }

  /** Queues `text` to be rendered into the empty `container` (call newest first); `near` puts it first. */
  add(container: HTMLElement, text: string, near: boolean, onDone: () => void): void {
    const job: Job = { container, text, tokens: undefined, next: 0, near, onDone };
    this.jobs.push(job);
    this.byContainer.set(container, job);
    if (!this.observer) return;
    this.observer.observe(container);
    this.reported = false;
  }

  /** Renders near-screen answers for up to `budgetMs` now, then schedules the rest. */
  run(budgetMs = SLICE_MS): void {
    const deadline = this.scheduler.now() + budgetMs;
    for (let job = this.pick(); job && this.scheduler.now() < deadline; job = this.pick()) this.renderSome(job, deadline);
    this.schedule();
  }

  /** Forgets `container`'s answer (its turn is gone, or it is rendered again from its text). */
  cancel(container: Element): void {
    const job = this.byContainer.get(container);
    if (job) this.drop(job);
  }

  /** Forgets every waiting answer (a new conversation is shown). */
  clear(): void {
    for (const job of [...this.jobs]) this.drop(job);
    this.reported = true;
  }

  private markNear(element: Element): void {
    const job = this.byContainer.get(element);
    if (!job || job.near) return;
    job.near = true;
    this.schedule();
  }

  private pick(): Job | undefined {
    return this.jobs.find((job) => job.near);
  }

  private renderSome(job: Job, deadline: number): void {
    if (!job.tokens) {
      job.tokens = this.renderer.lex(job.text).tokens;
      job.next = job.tokens.length;
    }
    const tokens = job.tokens;
    while (job.next > 0) {
      let start = job.next;
      let chars = 0;
      while (start > 0 && chars < GROUP_CHARS) chars += tokens[--start]!.raw.length;
      job.container.prepend(this.renderer.render(tokens.slice(start, job.next)));
      job.next = start;
      if (this.scheduler.now() >= deadline) break;
    }
    if (job.next === 0) {
      this.drop(job);
      job.onDone();
    }
  }

  private drop(job: Job): void {
    this.jobs = this.jobs.filter((other) => other !== job);
    this.byContainer.delete(job.container);
    this.observer?.unobserve(job.container);
  }

  private schedule(): void {
    this.onBusy(this.busy);
    if (this.jobs.some((job) => job.near)) {
      if (this.taskQueued) return;
      this.taskQueued = true;
      this.scheduler.task(() => {
        this.taskQueued = false;
        this.run();
      });
    } else if (this.jobs.length > 0 && !this.idleQueued) {
      this.idleQueued = true;
      this.scheduler.idle(() => {
        this.idleQueued = false;
        const job = this.pick() ?? this.jobs[0];
        if (job) this.renderSome(job, this.scheduler.now() + SLICE_MS);
        this.schedule();
      });
    }
  }
}
