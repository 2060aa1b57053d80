/**
 * The webview bench's probe, bundled and loaded into the harness page before the renderer under
 * test. It plays the host (the real UpdateBatcher, one batch per frame at most) and watches the
 * main thread: `longtask` and `long-animation-frame` entries, and every frame's duration from
 * its first requestAnimationFrame callback to the first task after paint.
 */
import { UpdateBatcher, type Timers } from '../../../src/ui/chatView/updateBatcher';
import type { HostToWebview, TranscriptUpdate, Turn } from '../../../src/protocol/webview';
import type { BenchProbe, PlayOptions, PlayResult, ReopenResult } from './probeTypes';

/** Chunks the host handles per event-loop turn in a burst: about one 64 KB network read of SSE deltas. */
const BURST_READ = 1000;
/** How often (ms) the simulated host checks for chunks due at a steady rate. */
const STEADY_TICK_MS = 16;

interface Frame {
  start: number;
  end: number;
}

const frames: Frame[] = [];
const longTasks: PerformanceEntry[] = [];
const longFrames: PerformanceEntry[] = [];
const afterPaint = new MessageChannel();
const pendingFrames: Frame[] = [];
afterPaint.port1.onmessage = () => {
  const frame = pendingFrames.shift();
  if (frame) {
    frame.end = performance.now();
    frames.push(frame);
  }
};

// Every callback of one frame gets the same timestamp: the first one opens the frame, and a
// message posted from it runs only after style, layout and paint of that frame.
const requestFrame = window.requestAnimationFrame.bind(window);
let openTime = -1;
window.requestAnimationFrame = (callback) =>
  requestFrame((time) => {
    if (time !== openTime) {
      openTime = time;
      pendingFrames.push({ start: performance.now(), end: -1 });
      afterPaint.port2.postMessage(0);
    }
    callback(time);
  });

const supported = PerformanceObserver.supportedEntryTypes;
const longAnimationFrameSupported = supported.includes('long-animation-frame');
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask' });
if (longAnimationFrameSupported) new PerformanceObserver((list) => longFrames.push(...list.getEntries())).observe({ type: 'long-animation-frame' });

const timers: Timers = {
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
  now: () => performance.now(),
};
const yieldChannel = new MessageChannel();
const yieldQueue: Array<() => void> = [];
yieldChannel.port1.onmessage = () => yieldQueue.shift()?.();
/** Runs `callback` as a new task without setTimeout's 4 ms clamp. */
const nextTask = (callback: () => void) => {
  yieldQueue.push(callback);
  yieldChannel.port2.postMessage(0);
};
const sleep = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

let chunks: string[] = [];

/** Feeds chunks [from, to) to the batcher at the requested rate; resolves with how many were sent and whether the cap stopped it. */
function feed(
  from: number,
  to: number,
  options: PlayOptions,
  push: (update: TranscriptUpdate, due: number) => void,
  started: number,
): Promise<{ sent: number; capped: boolean }> {
  const rate = options.chunksPerSecond;
  let next = from;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (now - started >= options.capMs) return resolve({ sent: next - from, capped: true });
      const due = rate > 0 ? Math.min(to, from + Math.floor(((now - started) * rate) / 1000)) : Math.min(to, next + BURST_READ);
      for (; next < due; next++) {
        push({ type: 'appended', turnId: options.turnId, text: chunks[next]! }, rate > 0 ? started + ((next - from) * 1000) / rate : now);
      }
      if (next >= to) return resolve({ sent: next - from, capped: false });
      if (rate > 0) window.setTimeout(tick, STEADY_TICK_MS);
      else nextTask(tick);
    };
    tick();
  });
}

/** 95th percentile of a non-empty list. */
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))] ?? 0;

async function play(from: number, to: number, options: PlayOptions): Promise<PlayResult> {
  const batchDue: number[] = [];
  const arrivals: number[] = [];
  let oldestDue = Infinity;
  let queued = false;
  const onMessage = () => arrivals.push(performance.now());
  window.addEventListener('message', onMessage, { capture: true });
  const batcher = new UpdateBatcher(
    (updates) => {
      batchDue.push(oldestDue);
      oldestDue = Infinity;
      queued = false;
      window.postMessage({ type: 'batch', updates } satisfies HostToWebview, '*');
    },
    16,
    timers,
  );
  const push = (update: TranscriptUpdate, due: number) => {
    oldestDue = Math.min(oldestDue, due);
    queued = true;
    batcher.push(update);
  };

  const firstFrame = frames.length;
  const started = performance.now();
  if (options.start) push({ type: 'turnStarted', turn: { id: options.turnId, prompt: 'Benchmark question', answer: '', status: 'streaming' } }, started);
  const { sent, capped } = await feed(from, to, options, push, started);
  if (options.finish && !capped) push({ type: 'turnFinished', turnId: options.turnId, status: 'done' }, performance.now());

  // Done once the host has posted everything, every batch has arrived, and a frame that started after the last one has painted.
  const rendered = () => {
    const last = arrivals[arrivals.length - 1] ?? started;
    return !queued && arrivals.length === batchDue.length && frames.some((f) => f.start >= last);
  };
  while (!rendered()) await sleep(5);
  window.removeEventListener('message', onMessage, { capture: true });
  batcher.dispose();

  const measured = frames.slice(firstFrame);
  const ended = Math.max(...measured.map((f) => f.end));
  const lags = arrivals.map((arrival, i) => (measured.find((f) => f.start >= arrival)?.end ?? ended) - batchDue[i]!);
  const within = (e: PerformanceEntry) => e.startTime >= started && e.startTime <= ended;
  const tasks = longTasks.filter(within);
  const durations = measured.map((f) => f.end - f.start);
  return {
    wallMs: ended - started,
    chunksSent: sent,
    batches: batchDue.length,
    capped,
    maxLagMs: Math.max(0, ...lags),
    p95LagMs: lags.length ? p95(lags) : 0,
    longestTaskMs: Math.max(0, ...tasks.map((e) => e.duration), ...durations),
    framesOver50: longAnimationFrameSupported ? longFrames.filter(within).filter((e) => e.duration > 50).length : durations.filter((d) => d > 50).length,
    frames: measured.length,
  };
}

const paintedChannel = new MessageChannel();
const paintedQueue: Array<() => void> = [];
paintedChannel.port1.onmessage = () => paintedQueue.shift()?.();
/** Resolves after the next frame has painted (a message posted from a frame callback runs after its paint). */
const painted = () =>
  new Promise<void>((resolve) =>
    requestFrame(() => {
      paintedQueue.push(resolve);
      paintedChannel.port2.postMessage(0);
    }),
  );

/** What the reader sees of a reopened conversation is there: every turn, and no answer near the screen waiting (`aria-busy`). */
function shown(count: number): boolean {
  return document.querySelectorAll('.turn').length === count && !document.querySelector('.transcript[aria-busy="true"]');
}

let reopenStarted = 0;
let conversation: Turn[] = [];

/** Frames over 50 ms and the longest frame, from `from` to now. */
function framesSince(from: number): { framesOver50: number; longestFrameMs: number } {
  const now = performance.now();
  // Overlapping, not starting after: the frame that handles the reset begins with the task that sent it.
  const within = (e: PerformanceEntry) => e.startTime + e.duration >= from && e.startTime <= now;
  const measured = frames.filter((f) => f.end >= from);
  const durations = measured.map((f) => f.end - f.start);
  return {
    framesOver50: longAnimationFrameSupported ? longFrames.filter(within).filter((e) => e.duration > 50).length : durations.filter((d) => d > 50).length,
    longestFrameMs: Math.max(0, ...longTasks.filter(within).map((e) => e.duration), ...longFrames.filter(within).map((e) => e.duration), ...durations),
  };
}

async function reopen(): Promise<ReopenResult> {
  reopenStarted = performance.now();
  window.postMessage({ type: 'reset', turns: conversation } satisfies HostToWebview, '*');
  do await painted();
  while (!shown(conversation.length));
  return { wallMs: performance.now() - reopenStarted, ...framesSince(reopenStarted) };
}

async function reopenRest(): Promise<ReopenResult> {
  while (document.querySelector('.turn-answer.pending')) await sleep(20);
  await painted();
  return { wallMs: performance.now() - reopenStarted, ...framesSince(reopenStarted) };
}

const probe: BenchProbe = {
  loadConversation(turns) {
    conversation = turns;
  },
  reopen,
  reopenRest,
  load(next) {
    chunks = next;
  },
  play,
  async settle(n) {
    for (let i = 0; i < n; i++) await new Promise((resolve) => requestFrame(resolve));
    // Then wait for the view's own idle-time work (its warm-up) to be done, as it is long before
    // a user's first question: idle periods with nearly all of their 50 ms free, 5 in a row.
    const started = performance.now();
    let calm = 0;
    while (calm < 5 && performance.now() - started < 5_000) {
      const free = await new Promise<number>((resolve) => requestIdleCallback((deadline) => resolve(deadline.timeRemaining())));
      calm = free >= 45 ? calm + 1 : 0;
    }
    return calm >= 5;
  },
};
window.__bench = probe;
