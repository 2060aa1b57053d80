import type { CDPSession } from 'playwright-core';
import type { Turn } from '../../../src/protocol/webview';
import { openHarness, type HarnessPage } from '../../support/webviewHarness/page';
import type { PlayOptions, PlayResult, ReopenResult } from './probeTypes';

/** What one play cost: the page's own figures plus main-thread time from DevTools. */
export interface Measured extends PlayResult {
  /** Main-thread task time (CDP `Performance.getMetrics` TaskDuration delta), ms. */
  mainThreadMs: number;
  /** Share of the play's wall time the main thread was busy, %. */
  busyPercent: number;
}

/** What reopening a conversation cost: until the reader sees it, and until every answer is rendered. */
export interface Reopened {
  shown: ReopenResult & { mainThreadMs: number };
  all: ReopenResult & { mainThreadMs: number };
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
    await this.settle();
  }

  /** Reopens a conversation (`reset` with `turns`) and measures it in two parts: until shown, and until all rendered. */
  async reopen(turns: Turn[]): Promise<Reopened> {
    await this.harness.page.evaluate((t) => window.__bench.loadConversation(t), turns);
    const before = await this.taskMs();
    const shown = await this.harness.page.evaluate(() => window.__bench.reopen());
    const shownMs = (await this.taskMs()) - before;
    const all = await this.harness.page.evaluate(() => window.__bench.reopenRest());
    const allMs = (await this.taskMs()) - before;
    return { shown: { ...shown, mainThreadMs: shownMs }, all: { ...all, mainThreadMs: allMs } };
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

  /** Shows a finished turn the way the host adds one (rendered at once, not deferred like history), once the page is idle. */
  async showFinished(turn: Turn): Promise<void> {
    await this.harness.page.evaluate((t) => window.__harness.post({ type: 'batch', updates: [{ type: 'turnStarted', turn: t }] }), turn);
    await this.settle();
  }

  /** Waits a few frames and until the page is idle again. */
  async settle(): Promise<void> {
    const quiet = await this.harness.page.evaluate(() => window.__bench.settle(3));
    if (!quiet) console.warn('    (the page was still busy 5 s after loading: this measurement may include its warm-up)');
  }

  /** Text content of every answer on the page, or of one turn's. */
  answerText(turnId?: string): Promise<string> {
    return this.harness.page.evaluate(
      (id) => Array.from(document.querySelectorAll(id ? `.turn[data-turn-id="${id}"] .turn-answer` : '.turn-answer'), (e) => e.textContent ?? '').join('\n'),
      turnId,
    );
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
