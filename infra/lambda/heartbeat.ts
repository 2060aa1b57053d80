/** Calls `beat` after every `intervalMs` without a `touch()`, so a silent upstream still shows the client signs of life. */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly beat: () => void,
  ) {}

  /** Starts (or restarts) the countdown. */
  start(): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.beat();
      this.timer?.refresh();
    }, this.intervalMs);
  }

  /** Upstream output arrived: the countdown starts over. */
  touch(): void {
    this.timer?.refresh();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
