import { startLocalStack } from '../../infra/local/stack';
import { noAuth } from '../../src/transport/auth';
import { streamAnswer } from '../../src/transport/streamAnswer';
import { createDispatcher } from '../../src/transport/dispatcher';
import { curlStream, type CurlRun } from './curlStream';
import { infoFigure, median, ratioFigure, type Figure } from './figures';
import type { BenchSection } from './run';

type Run = CurlRun;

const body = (prompt: string) => JSON.stringify({ prompt, modelId: 'demo' });

/** The extension's transport + SSE decoder: ms to the first delta event and to the end event. */
async function viaTransport(endpoint: string, prompt: string, dispatcher: ReturnType<typeof createDispatcher>): Promise<Run> {
  const started = performance.now();
  let firstDeltaMs = -1;
  let deltas = 0;
  for await (const event of streamAnswer({ endpoint, auth: noAuth, dispatcher }, JSON.parse(body(prompt)), new AbortController().signal)) {
    if (event.type === 'delta') {
      if (deltas++ === 0) firstDeltaMs = performance.now() - started;
    }
  }
  return { firstDeltaMs, totalMs: performance.now() - started, deltas };
}

/** `curl --no-buffer` on the same endpoint: ms to the first delta frame on its stdout and to its exit. */
const viaCurl = (endpoint: string, prompt: string): Promise<Run> => curlStream(endpoint, body(prompt));

/**
 * Transport: the extension's transport + decoder vs `curl --no-buffer` on the same local stack,
 * alternately — 10,000 short mixed Japanese/ASCII deltas as fast as possible, and the demo answer at a
 * realistic 100 tokens/s.
 */
export const transportBench: BenchSection = {
  name: 'transport',
  async run(): Promise<Figure[]> {
    const stack = await startLocalStack({ port: 0, fake: { firstTokenDelayMs: 0 } });
    const dispatcher = createDispatcher({ connectMs: 5000, firstByteMs: 30_000, idleMs: 30_000 });
    const figures: Figure[] = [];
    try {
      const cases = [
        { label: '10,000 deltas, burst', prompt: '[[fake:deltas=10000]] bench', rounds: 7 },
        { label: 'demo answer at 100 deltas/s', prompt: '[[fake:rate=100]] How do I stream from Lambda?', rounds: 3 },
      ];
      for (const c of cases) {
        await viaTransport(stack.endpoint, c.prompt, dispatcher);
        await viaCurl(stack.endpoint, c.prompt);
        const ours: Run[] = [];
        const curl: Run[] = [];
        for (let i = 0; i < c.rounds; i++) {
          ours.push(await viaTransport(stack.endpoint, c.prompt, dispatcher));
          curl.push(await viaCurl(stack.endpoint, c.prompt));
        }
        for (const r of [...ours, ...curl]) if (r.deltas !== ours[0].deltas) throw new Error(`delta counts differ: ${r.deltas} vs ${ours[0].deltas}`);
        const stage = `Transport (${c.label})`;
        figures.push(
          ratioFigure({ stage, name: 'time to first delta', unit: 'ms' }, ours.map((r) => r.firstDeltaMs), curl.map((r) => r.firstDeltaMs), 1.1, 'curl'),
          ratioFigure({ stage, name: 'total time', unit: 'ms' }, ours.map((r) => r.totalMs), curl.map((r) => r.totalMs), 1.1, 'curl'),
          infoFigure({ stage, name: 'deltas/s (extension transport)', unit: '/s', baseline: (curl[0].deltas / median(curl.map((r) => r.totalMs))) * 1000, baselineLabel: 'curl' }, ours.map((r) => (r.deltas / r.totalMs) * 1000)),
        );
      }
    } finally {
      await dispatcher.close();
      await stack.close();
    }
    return figures;
  },
};
