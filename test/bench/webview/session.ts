import type { CDPSession } from 'playwright-core';
import type { Turn } from '../../../src/protocol/webview';
import { openHarness, type HarnessPage } from '../../support/webviewHarness/page';
import type { PlayOptions, PlayResult } from './probeTypes';

/** What one play cost: the page's own figures plus main-thread time from DevTools. */
export interface Measured extends PlayResult {
  /** Main-thread task time (CDP `Performance.getMetrics` TaskDuration delta), ms. */
  mainThreadMs: number;
  /** Share of the play's wall time the main thread was busy, %. */
  busyPercent: number;
}

/** A harness page with the probe loaded before a renderer (the real webview, or a baseline bundle). */
export class BenchPage {
  private constructor(
    private readonly harness: HarnessPage,
    private readonly cdp: CDPSession,
  ) {}

  /** Opens the harness with `probe` before `bundle` (undefined: dist/webview/chat.js) and sends the host's `reset`. */
  static async open(probe: string, bundle?: string): Promise<BenchPage> {
    const harness = await openHarness(undefined, { probes: [probe], bundle });
    const cdp = await harness.page.context().newCDPSession(harness.page);
    await cdp.send('Performance.enable');
    const page = new BenchPage(harness, cdp);
    await page.reset([]);
    return page;
  }

  /** Sends `reset` (what the host does on `ready`, and what a reload replays) and waits for it to render. */
  async reset(turns: Turn[]): Promise<void> {
    await this.harness.page.evaluate((t) => window.__harness.post({ type: 'reset', turns: t }), turns);
    const quiet = await this.harness.page.evaluate(() => window.__bench.settle(3));
    if (!quiet) console.warn('    (the page was still busy 5 s after loading: this measurement may include its warm-up)');
  }

  /** Hands the page the answer's chunks (before measuring). */
  async load(chunks: string[]): Promise<void> {
    await this.harness.page.evaluate((c) => window.__bench.load(c), chunks);
  }

  /** Plays chunks [from, to) and measures it. */
  async play(from: number, to: number, options: PlayOptions): Promise<Measured> {
    const before = await this.taskMs();
    const result = await this.harness.page.evaluate(([f, t, o]) => window.__bench.play(f, t, o), [from, to, options] as const);
    const mainThreadMs = (await this.taskMs()) - before;
    return { ...result, mainThreadMs, busyPercent: (mainThreadMs / result.wallMs) * 100 };
  }

  /** Text content of every answer on the page. */
  answerText(): Promise<string> {
    return this.harness.page.evaluate(() => Array.from(document.querySelectorAll('.turn-answer'), (e) => e.textContent ?? '').join('\n'));
  }

  /** Page errors and CSP violations so far (a run with any is not a valid measurement). */
  async problems(): Promise<string[]> {
    return [...this.harness.pageErrors, ...(await this.harness.cspViolations()).map((v) => `CSP: ${JSON.stringify(v)}`), ...this.harness.foreignRequests];
  }

  close(): Promise<void> {
    return this.harness.close();
  }

  private async taskMs(): Promise<number> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const task = metrics.find((m) => m.name === 'TaskDuration');
    if (!task) throw new Error('CDP Performance.getMetrics has no TaskDuration');
    return task.value * 1000;
  }
}
