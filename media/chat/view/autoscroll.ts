/** The scrolling element, reduced to what auto-scroll needs (a real element, or a fake in tests). */
export interface ScrollBox {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/**
 * Keeps the transcript pinned to the bottom while an answer streams, stops when the user
 * scrolls up, and starts again once they scroll back to the bottom.
 */
export class AutoScroller {
  private following = true;

  constructor(
    private readonly box: ScrollBox,
    /** How close to the bottom (px) still counts as "at the bottom". */
    private readonly slack = 32,
  ) {}

  /** Whether new content will scroll into view. */
  get isFollowing(): boolean {
    return this.following;
  }

  /** Call from the element's `scroll` event: the user's position decides whether to follow. */
  onScroll(): void {
    this.following = this.distanceFromBottom() <= this.slack;
  }

  /** Call after content changed (once per frame): scrolls to the bottom if following. */
  contentChanged(): void {
    if (this.following) this.scrollToBottom();
  }

  /** Follows again and jumps to the bottom (e.g. when the user sends a prompt). */
  follow(): void {
    this.following = true;
    this.scrollToBottom();
  }

  private distanceFromBottom(): number {
    return this.box.scrollHeight - this.box.clientHeight - this.box.scrollTop;
  }

  private scrollToBottom(): void {
    this.box.scrollTop = Math.max(0, this.box.scrollHeight - this.box.clientHeight);
  }
}
