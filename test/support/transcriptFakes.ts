/// <reference lib="dom" />
import type { WebviewToHost } from '../../src/protocol/webview';
import type { NearScreenWatcher, SliceScheduler } from '../../media/chat/view/deferredAnswers';
import { Transcript } from '../../media/chat/view/transcript';
import { createRenderer, createWindow } from './jsdomRenderer';

/** A scheduler whose clock moves only when told to (or by `tickPerRead` on every reading), and whose callbacks run when the test says. */
export class FakeScheduler implements SliceScheduler {
  time = 0;
  tasks: Array<() => void> = [];
  idles: Array<() => void> = [];
  constructor(public tickPerRead = 0) {}
  task(callback: () => void): void {
    this.tasks.push(callback);
  }
  idle(callback: () => void): void {
    this.idles.push(callback);
  }
  now(): number {
    const now = this.time;
    this.time += this.tickPerRead;
    return now;
  }
  /** Runs the queued tasks (and those they queue), not idle callbacks. */
  runTasks(): number {
    let ran = 0;
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) {
      task();
      ran++;
    }
    return ran;
  }
  /** Runs one idle callback. */
  runIdle(): boolean {
    const idle = this.idles.shift();
    idle?.();
    return idle !== undefined;
  }
}

/** A stand-in for the IntersectionObserver: the test says what came near the screen. */
export class FakeWatcher {
  observed = new Set<Element>();
  private onNear: ((element: Element) => void) | undefined;
  private onReported: (() => void) | undefined;
  readonly watcher: NearScreenWatcher = (onNear, onReported) => {
    this.onNear = onNear;
    this.onReported = onReported;
    return {
      observe: (element) => void this.observed.add(element),
      unobserve: (element) => void this.observed.delete(element),
      disconnect: () => this.observed.clear(),
    };
  };
  /** Reports `elements` near the screen (the observer's callback). */
  report(...elements: Element[]): void {
    for (const element of elements) this.onNear?.(element);
    this.onReported?.();
  }
}

/** A transcript in jsdom with the real renderer, a fake scheduler and (optionally) a fake near-screen watcher. */
export function transcriptSetup(options: { tickPerRead?: number; watcher?: FakeWatcher } = {}) {
  const win = createWindow();
  const log = win.document.createElement('main');
  log.tabIndex = 0;
  win.document.body.append(log);
  const posted: WebviewToHost[] = [];
  const renderer = createRenderer(win);
  const scheduler = new FakeScheduler(options.tickPerRead);
  const transcript = new Transcript(log, renderer, (m) => posted.push(m), {
    scheduler,
    watcher: options.watcher?.watcher ?? (() => undefined),
  });
  const click = (element: Element) => element.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true }));
  return { win, log, posted, renderer, scheduler, transcript, click };
}
