import type { Turn } from '../../src/protocol/webview';
import { closeBrowser } from '../support/webviewHarness/page';
import { buildProduction } from './extensionBench';
import { infoFigure, limitFigure, median, type Figure } from './figures';
import { longConversation } from './longConversation';
import type { BenchSection } from './run';
import { chunkText, generateAnswer } from './webview/answer';
import { bundleBenchScripts, type BenchScripts } from './webview/bundle';
import type { PlayOptions } from './webview/probeTypes';
import { BenchPage, type Measured, type Reopened } from './webview/session';

const KB = 1024;
const STEADY_RATE = 300;
const NAIVE_CAP_MS = 60_000;
const BURST_ROUNDS = 3;
/** The 400 KB steady case: this much arrives as a burst first, the rest at the steady rate. */
const PRELOAD_CHARS = 340 * KB;
const REOPEN_ROUNDS = 3;
/** The cases `--only webview:<case>,…` can pick (all by default). */
const CASES = ['burst', 'steady', 'reopen', 'long'] as const;
type Case = (typeof CASES)[number];

interface Answer {
  kb: number;
  text: string;
  chunks: string[];
  /** What a one-shot render (a finished turn in `reset`) shows. */
  oneShot: string;
}

type Renderer = 'webview' | 'naive' | 'floor';

/** Characters that differ between two texts (0: identical). */
function textDiff(a: string, b: string): number {
  if (a === b) return 0;
  let differing = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) differing++;
  return Math.max(1, differing);
}

/** Index of the first chunk that starts at or after `chars` characters. */
function chunkAt(chunks: string[], chars: number): number {
  let total = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (total >= chars) return i;
    total += chunks[i]!.length;
  }
  return chunks.length;
}

const playOptions = (chunksPerSecond: number, overrides: Partial<PlayOptions> = {}): PlayOptions => ({
  turnId: 'bench',
  start: true,
  finish: true,
  chunksPerSecond,
  capMs: NAIVE_CAP_MS,
  ...overrides,
});

/** One measured play on a fresh page, and the answer text it left on screen. */
async function measure(
  scripts: BenchScripts,
  renderer: Renderer,
  answer: Answer,
  rate: number,
  preloadChars = 0,
): Promise<Measured & { finalText: string }> {
  const page = await BenchPage.open(scripts.probe, renderer === 'webview' ? undefined : scripts[renderer]);
  try {
    await page.load(answer.chunks);
    const from = chunkAt(answer.chunks, preloadChars);
    if (from > 0) {
      await page.play(0, from, playOptions(0, { finish: false, capMs: Infinity }));
    }
    const measured = await page.play(from, answer.chunks.length, playOptions(rate, { start: from === 0, capMs: renderer === 'naive' ? NAIVE_CAP_MS : Infinity }));
    const problems = await page.problems();
    if (problems.length > 0) throw new Error(`${renderer} page reported problems: ${problems.join('; ')}`);
    return { ...measured, finalText: await page.answerText() };
  } finally {
    await page.close();
  }
}

async function oneShotText(scripts: BenchScripts, text: string): Promise<string> {
  const page = await BenchPage.open(scripts.probe);
  try {
    await page.showFinished({ id: 'one-shot', prompt: 'Benchmark question', answer: text, status: 'done' });
    return await page.answerText();
  } finally {
    await page.close();
  }
}

const naiveLabel = (runs: Measured[]) => (runs.some((r) => r.capped) ? `naive (capped at ${NAIVE_CAP_MS / 1000} s: lower bound)` : 'naive');

/** Figures every case reports: cost, responsiveness, and correctness of the final DOM. */
function commonFigures(stage: string, ours: Array<Measured & { finalText: string }>, answer: Answer): Figure[] {
  return [
    infoFigure({ stage, name: 'longest task', unit: 'ms' }, ours.map((r) => r.longestTaskMs)),
    infoFigure({ stage, name: 'lag behind the stream (max; chunk at host → painted)', unit: 'ms' }, ours.map((r) => r.maxLagMs)),
    infoFigure({ stage, name: 'lag behind the stream (p95 of batches)', unit: 'ms' }, ours.map((r) => r.p95LagMs)),
    limitFigure({ stage, name: 'final DOM text vs one-shot render (differing chars)', unit: 'chars' }, ours.map((r) => textDiff(r.finalText, answer.oneShot)), 0),
  ];
}

function burstFigures(answer: Answer, ours: Array<Measured & { finalText: string }>, naive: Measured[]): Figure[] {
  const stage = `Webview (${answer.kb} KB, burst)`;
  const baseline = median(naive.map((r) => r.mainThreadMs));
  const base = { stage, name: 'main-thread time to ingest', unit: 'ms', baseline, baselineLabel: naiveLabel(naive), ratio: median(ours.map((r) => r.mainThreadMs)) / baseline };
  return [
    answer.kb === 400 ? limitFigure(base, ours.map((r) => r.mainThreadMs), 3000) : infoFigure(base, ours.map((r) => r.mainThreadMs)),
    infoFigure({ stage, name: 'frames over 50 ms', unit: 'frames' }, ours.map((r) => r.framesOver50)),
    infoFigure({ stage, name: 'main thread busy', unit: '%' }, ours.map((r) => r.busyPercent)),
    ...commonFigures(stage, ours, answer),
  ];
}

function steadyFigures(stage: string, answer: Answer, ours: Array<Measured & { finalText: string }>, naive: Measured[], floor: Measured[]): Figure[] {
  const time = ours.map((r) => r.mainThreadMs);
  const figures: Figure[] = [];
  if (naive.length > 0) {
    const baseline = median(naive.map((r) => r.mainThreadMs));
    figures.push(
      infoFigure({ stage, name: 'main-thread time', unit: 'ms', baseline, baselineLabel: naiveLabel(naive), ratio: median(time) / baseline }, time),
      infoFigure({ stage, name: 'naive main-thread time ÷ ours', unit: '×' }, time.map((t) => baseline / t)),
    );
    if (floor.length > 0) {
      const floorTime = floor.map((r) => r.mainThreadMs);
      figures.push(
        infoFigure({ stage, name: 'floor: a renderer that shows nothing (simulated host and messages only)', unit: 'ms' }, floorTime),
        infoFigure({ stage, name: 'naive ÷ floor: the most even that renderer could reach', unit: '×' }, floorTime.map((t) => baseline / t)),
      );
    }
  } else {
    figures.push(infoFigure({ stage, name: 'main-thread time', unit: 'ms' }, time));
  }
  figures.push(
    limitFigure({ stage, name: 'frames over 50 ms', unit: 'frames' }, ours.map((r) => r.framesOver50), 0),
    limitFigure({ stage, name: 'main thread busy', unit: '%' }, ours.map((r) => r.busyPercent), 35),
    ...commonFigures(stage, ours, answer),
  );
  return figures;
}

/** The long conversation (test/bench/longConversation.ts) as the host sends it when the view reopens it. */
function longConversationTurns(): Turn[] {
  return longConversation().map(({ prompt, answer }, i) => ({
    id: `history-${i}`,
    prompt,
    answer,
    status: 'done',
    stats: { inputTokens: 1200 + i * 400, outputTokens: 5200, stopReason: 'end_turn', model: 'bench' },
  }));
}

const conversationLabel = (turns: Turn[]) => `${turns.length}-turn, ${(turns.reduce((n, t) => n + t.prompt.length + t.answer.length, 0) / KB / KB).toFixed(1)} MB`;

/** Reopens the conversation on a fresh page (ours, or a baseline bundle). */
async function reopenOnce(scripts: BenchScripts, turns: Turn[], bundle?: string): Promise<Reopened> {
  const page = await BenchPage.open(scripts.probe, bundle);
  try {
    const reopened = await page.reopen(turns);
    const problems = await page.problems();
    if (problems.length > 0) throw new Error(`reopen page reported problems: ${problems.join('; ')}`);
    return reopened;
  } finally {
    await page.close();
  }
}

/**
 * Reopening a long conversation (`reset`, as on a reload or switching chats): the main-thread
 * time until the reader sees it (every turn, the answers near the screen rendered), and the
 * frames over 50 ms until every answer is rendered, against rendering everything at once.
 */
async function reopenFigures(scripts: BenchScripts): Promise<Figure[]> {
  const turns = longConversationTurns();
  const stage = `Webview (reopen a ${conversationLabel(turns)} conversation)`;
  const ours: Reopened[] = [];
  for (let i = 0; i < REOPEN_ROUNDS; i++) ours.push(await reopenOnce(scripts, turns));
  const naive = await reopenOnce(scripts, turns, scripts.naive);
  for (const r of [...ours, naive]) {
    console.log(
      `    ${r === naive ? 'naive' : 'webview'} reopen: on screen after ${r.shown.mainThreadMs.toFixed(0)} ms main thread (${r.shown.wallMs.toFixed(0)} ms wall), ` +
        `all rendered after ${r.all.mainThreadMs.toFixed(0)} ms main thread (${r.all.wallMs.toFixed(0)} ms wall), ${r.all.framesOver50} frames > 50 ms, longest ${r.all.longestFrameMs.toFixed(1)} ms`,
    );
  }
  const shownTime = ours.map((r) => r.shown.mainThreadMs);
  const baseline = naive.shown.mainThreadMs;
  return [
    limitFigure(
      { stage, name: 'main-thread time until on screen (every turn; the answers in view rendered)', unit: 'ms', baseline, baselineLabel: 'everything at once (naive)', ratio: median(shownTime) / baseline },
      shownTime,
      300,
    ),
    limitFigure({ stage, name: 'frames over 50 ms (until every answer is rendered)', unit: 'frames' }, ours.map((r) => r.all.framesOver50), 0),
    infoFigure({ stage, name: 'longest frame (until every answer is rendered)', unit: 'ms' }, ours.map((r) => r.all.longestFrameMs)),
    infoFigure({ stage, name: 'time until on screen', unit: 'ms' }, ours.map((r) => r.shown.wallMs)),
    infoFigure({ stage, name: 'main-thread time until every answer is rendered (the rest in idle slices)', unit: 'ms' }, ours.map((r) => r.all.mainThreadMs)),
    infoFigure({ stage, name: 'time until every answer is rendered', unit: 'ms' }, ours.map((r) => r.all.wallMs)),
  ];
}

/** Streaming a 20 KB answer at the steady rate below the reopened long conversation, every answer of it rendered. */
async function longConversationStreamFigures(scripts: BenchScripts, answer: Answer): Promise<Figure[]> {
  const turns = longConversationTurns();
  const stage = `Webview (${answer.kb} KB at ${STEADY_RATE} chunks/s below a ${conversationLabel(turns)} conversation)`;
  const page = await BenchPage.open(scripts.probe);
  try {
    await page.reopen(turns);
    await page.settle();
    await page.load(answer.chunks);
    const measured = await page.play(0, answer.chunks.length, playOptions(STEADY_RATE, { capMs: Infinity }));
    const problems = await page.problems();
    if (problems.length > 0) throw new Error(`long conversation page reported problems: ${problems.join('; ')}`);
    const ours = [{ ...measured, finalText: await page.answerText('bench') }];
    log('webview', stage, measured);
    return [
      infoFigure({ stage, name: 'main-thread time', unit: 'ms' }, ours.map((r) => r.mainThreadMs)),
      limitFigure({ stage, name: 'frames over 50 ms', unit: 'frames' }, ours.map((r) => r.framesOver50), 0),
      limitFigure({ stage, name: 'main thread busy', unit: '%' }, ours.map((r) => r.busyPercent), 35),
      ...commonFigures(stage, ours, answer),
    ];
  } finally {
    await page.close();
  }
}

const log = (renderer: Renderer, label: string, r: Measured) =>
  console.log(
    `    ${renderer} ${label}: ${r.mainThreadMs.toFixed(0)} ms main thread over ${(r.wallMs / 1000).toFixed(1)} s (${r.busyPercent.toFixed(1)}% busy), ` +
      `${r.batches} batches, ${r.frames} frames, longest task ${r.longestTaskMs.toFixed(1)} ms, ${r.framesOver50} frames > 50 ms, max lag ${r.maxLagMs.toFixed(0)} ms${r.capped ? `, CAPPED after ${r.chunksSent} chunks` : ''}`,
  );

/**
 * Webview rendering: the production webview bundle in headless Chromium, fed 20/100/400 KB
 * markdown answers in 2–6 character chunks through the host's UpdateBatcher, as a burst and at
 * a steady 300 chunks/s, against a naive renderer (marked + DOMPurify + innerHTML every frame)
 * in the same Chromium, and a floor: a renderer that takes the same messages and shows nothing;
 * then reopening the 50-turn, 1 MB long conversation, and streaming below it. Cases:
 * `--only webview:burst,webview:steady,webview:reopen,webview:long` (all by default).
 */
export const webviewBench: BenchSection = {
  name: 'webview',
  async run(only?: string[]): Promise<Figure[]> {
    const unknown = (only ?? []).filter((c) => !(CASES as readonly string[]).includes(c));
    if (unknown.length > 0) throw new Error(`unknown webview case(s): ${unknown.join(', ')} (cases: ${CASES.join(', ')})`);
    const runs = (c: Case) => !only || only.includes(c);
    buildProduction();
    const scripts = await bundleBenchScripts();
    const figures: Figure[] = [];
    try {
      const answers: Answer[] = [];
      for (const kb of runs('burst') || runs('steady') ? [20, 100, 400] : runs('long') ? [20] : []) {
        const text = generateAnswer(kb * KB);
        answers.push({ kb, text, chunks: chunkText(text), oneShot: await oneShotText(scripts, text) });
      }

      for (const answer of runs('burst') ? answers : []) {
        const ours = [];
        for (let i = 0; i < BURST_ROUNDS; i++) ours.push(await measure(scripts, 'webview', answer, 0));
        const naive = [await measure(scripts, 'naive', answer, 0)];
        ours.forEach((r) => log('webview', `${answer.kb} KB burst`, r));
        log('naive', `${answer.kb} KB burst`, naive[0]!);
        figures.push(...burstFigures(answer, ours, naive));
      }

      for (const answer of runs('steady') ? answers : []) {
        const tail = answer.kb === 400;
        const preload = tail ? PRELOAD_CHARS : 0;
        const label = tail
          ? `Webview (${answer.kb} KB: last ${Math.round((answer.text.length - PRELOAD_CHARS) / KB)} KB at ${STEADY_RATE} chunks/s after a ${PRELOAD_CHARS / KB} KB burst)`
          : `Webview (${answer.kb} KB at ${STEADY_RATE} chunks/s)`;
        const ours = [await measure(scripts, 'webview', answer, STEADY_RATE, preload)];
        log('webview', label, ours[0]!);
        const naive = answer.kb === 100 ? [await measure(scripts, 'naive', answer, STEADY_RATE)] : [];
        if (naive[0]) log('naive', label, naive[0]);
        const floor = answer.kb === 100 ? [await measure(scripts, 'floor', answer, STEADY_RATE)] : [];
        if (floor[0]) log('floor', label, floor[0]);
        figures.push(...steadyFigures(label, answer, ours, naive, floor));
      }

      if (runs('reopen')) figures.push(...(await reopenFigures(scripts)));
      if (runs('long')) figures.push(...(await longConversationStreamFigures(scripts, answers.find((a) => a.kb === 20)!)));
    } finally {
      await closeBrowser();
      await scripts.dispose();
    }
    return figures;
  },
};
