/** Requests a callback before the next repaint (`requestAnimationFrame`, or a fake in tests). */
export type RequestFrame = (callback: () => void) => void;

/**
 * Collects items and hands them over together once per animation frame, so any number of
 * host messages arriving between two repaints cost one round of DOM work.
 */
export class FrameQueue<T> {
  private items: T[] = [];
  private requested = false;

  constructor(
    private readonly run: (items: T[]) => void,
    private readonly requestFrame: RequestFrame = (callback) => requestAnimationFrame(callback),
  ) {}

  /** Adds an item; the first one since the last frame requests a frame. */
  push(item: T): void {
    this.items.push(item);
    if (this.requested) return;
    this.requested = true;
    this.requestFrame(() => this.flush());
  }

  /** Runs the pending items now (the frame callback; also for tests). */
  flush(): void {
    this.requested = false;
    const items = this.items;
    this.items = [];
    if (items.length > 0) this.run(items);
  }
}
