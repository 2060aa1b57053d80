/** Requests a callback before the next repaint (`requestAnimationFrame`, or a fake in tests). */
export type RequestFrame = (callback: () => void) => void;

/** How often runs may happen at most, and the clock and timer to enforce it (fakes in tests). */
export interface Pacing {
  minIntervalMs: number;
  now: () => number;
  delay: (ms: number, callback: () => void) => void;
}

/**
 * Collects items and hands them over together in one animation frame, so any number of host
 * messages arriving between two repaints cost one round of DOM work. With `pacing`, runs are
 * at least `minIntervalMs` apart: a fast stream then costs a fixed number of DOM updates per
 * second (style, layout and paint included) rather than one every frame.
 */
export class FrameQueue<T> {
  private items: T[] = [];
  private requested = false;
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: (items: T[]) => void,
    private readonly requestFrame: RequestFrame = (callback) => requestAnimationFrame(callback),
    private readonly pacing?: Pacing,
  ) {}

  /** Adds an item; the first one since the last run schedules the next run. */
  push(item: T): void {
    this.items.push(item);
    if (this.requested) return;
    this.requested = true;
    const wait = this.pacing ? this.lastRun + this.pacing.minIntervalMs - this.pacing.now() : 0;
    if (wait > 0) this.pacing!.delay(wait, () => this.requestFrame(() => this.flush()));
    else this.requestFrame(() => this.flush());
  }

  /** Runs the pending items now (the frame callback; also for tests). */
  flush(): void {
    this.requested = false;
    const items = this.items;
    this.items = [];
    if (items.length === 0) return;
    if (this.pacing) this.lastRun = this.pacing.now();
    this.run(items);
  }
}
