import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalStack } from '../../infra/local/stack';
import { DEFAULT_MODEL_ID, PROTOCOL_VERSION_2, type ChatMessage, type ChatRequest, type StreamEvent, type Usage } from '../../src/protocol/wire';
import { noAuth } from '../../src/transport/auth';
import { createDispatcher } from '../../src/transport/dispatcher';
import { streamAnswer } from '../../src/transport/streamAnswer';
import { infoFigure, median, ratioFigure, yesFigure, type Figure } from './figures';
import { DELTAS, perDeltaMicros } from './lambdaBench';
import type { BenchSection } from './run';

const stage = 'Protocol v2';
const TURNS = 20;
const FILE_BYTES = 30 * 1024;
const SILENT_REASONING_MS = 30_000;
const STREAMED_REASONING_MS = 30_000;
const REASONING_ROUNDS = 3;
const DELTA_ROUNDS = 7;
/** Bedrock bills cache writes at 1.25× and cache reads at 0.1× the input price (Claude models). */
const CACHE_WRITE_PRICE = 1.25;
const CACHE_READ_PRICE = 0.1;

/** A 30 KB source file, different line by line (so no estimate can compress it). */
function contextFile(): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < FILE_BYTES; i++) lines.push(`export const value${i} = computeSomething(${i}, 'line ${i} of the file');`);
  return lines.join('\n').slice(0, FILE_BYTES);
}

/**
 * The figure: input tokens billed at full price or above — uncached input, plus cache
 * writes at their 1.25× rate. Cache reads (0.1×) are left out here and counted in allInInputCost.
 */
function fullPriceInputTokens(usage: Usage): number {
  return usage.inputTokens + CACHE_WRITE_PRICE * (usage.cacheWriteInputTokens ?? 0);
}

/** Every input token at its rate, in full-price-token equivalents (cache reads at 0.1×). */
function allInInputCost(usage: Usage): number {
  return fullPriceInputTokens(usage) + CACHE_READ_PRICE * (usage.cacheReadInputTokens ?? 0);
}

/**
 * Plays a 20-turn conversation whose first question carries the file, through the transport and
 * the local stack (real handler, fake Bedrock's cache accounting); returns its input token counts.
 */
async function conversationCost(endpoint: string, dispatcher: ReturnType<typeof createDispatcher>, cache: boolean): Promise<{ fullPrice: number; allIn: number; read: number; written: number }> {
  const file = contextFile();
  const messages: ChatMessage[] = [];
  let fullPrice = 0;
  let allIn = 0;
  let read = 0;
  let written = 0;
  for (let turn = 1; turn <= TURNS; turn++) {
    const question = turn === 1 ? `Review this file.\n\n\`\`\`ts\n${file}\n\`\`\`` : `Follow-up question ${turn} about the file.`;
    messages.push({ role: 'user', content: [{ type: 'text', text: question }] });
    const request: ChatRequest = { protocol: PROTOCOL_VERSION_2, messages, modelId: DEFAULT_MODEL_ID, maxTokens: 512, ...(cache ? {} : { cache: false }) };
    let answer = '';
    let usage: Usage | undefined;
    for await (const event of streamAnswer({ endpoint, auth: noAuth, dispatcher }, request, new AbortController().signal)) {
      if (event.type === 'delta') answer += event.text;
      if (event.type === 'end') usage = event.usage;
    }
    if (!usage) throw new Error(`turn ${turn}: the answer carried no usage`);
    fullPrice += fullPriceInputTokens(usage);
    allIn += allInInputCost(usage);
    read += usage.cacheReadInputTokens ?? 0;
    written += usage.cacheWriteInputTokens ?? 0;
    messages.push({ role: 'assistant', content: [{ type: 'text', text: answer }] });
  }
  return { fullPrice, allIn, read, written };
}

const THINK_HARD = 'Think hard, then answer.';
const v2Reasoning = { protocol: PROTOCOL_VERSION_2, modelId: DEFAULT_MODEL_ID, maxTokens: 4096, reasoning: { budgetTokens: 2048 } } satisfies ChatRequest;

/** The v2 request of a model that reasons silently for SILENT_REASONING_MS before writing. */
const silentReasoningRequest: ChatRequest = { ...v2Reasoning, messages: [{ role: 'user', content: `[[fake:silent-reason:${SILENT_REASONING_MS}]] ${THINK_HARD}` }] };

/** The v2 request of a model that streams its reasoning for STREAMED_REASONING_MS before writing. */
const streamedReasoningRequest: ChatRequest = { ...v2Reasoning, messages: [{ role: 'user', content: `[[fake:reason-for:${STREAMED_REASONING_MS}]] ${THINK_HARD}` }] };

/** The same question from a v1 client: the endpoint forwards it only the text. */
const v1StreamedReasoningRequest: ChatRequest = { prompt: `[[fake:reason-for:${STREAMED_REASONING_MS}]] ${THINK_HARD}`, modelId: DEFAULT_MODEL_ID, maxTokens: 4096 };

/** The extension's transport: ms to the first event of one of these types; reads the whole answer. */
async function firstEventViaTransport(endpoint: string, dispatcher: ReturnType<typeof createDispatcher>, request: ChatRequest, types: readonly StreamEvent['type'][]): Promise<number> {
  const started = performance.now();
  let first = -1;
  for await (const event of streamAnswer({ endpoint, auth: noAuth, dispatcher }, request, new AbortController().signal)) {
    if (first < 0 && types.includes(event.type)) first = performance.now() - started;
  }
  if (first < 0) throw new Error(`the transport saw no ${types.join(' or ')} event`);
  return first;
}

/** `curl --no-buffer`: ms to the first `event: reasoning` frame on its stdout. */
function firstReasoningViaCurl(endpoint: string, request: ChatRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const curl = spawn('curl', ['--no-buffer', '-sS', '-H', 'content-type: application/json', '-H', 'accept: text/event-stream', '--data-binary', JSON.stringify(request), endpoint]);
    let first = -1;
    let seen = '';
    curl.stdout.setEncoding('utf8');
    curl.stdout.on('data', (chunk: string) => {
      if (first >= 0) return;
      seen += chunk;
      if (/event: reasoning\n/.test(seen)) first = performance.now() - started;
      else seen = seen.slice(-32);
    });
    curl.on('error', reject);
    curl.on('close', (code) => (code === 0 && first >= 0 ? resolve(first) : reject(new Error(`curl exited ${code}${first < 0 ? ' without a reasoning frame' : ''}`))));
  });
}

/**
 * Wire protocol v2: input cost of a 20-turn conversation with prompt caching vs without, time to
 * the first visible byte of a model that streams its reasoning for 30 s before writing text
 * (transport vs curl, and what a v1 client, which sees only text, waits), whether 30 s of silent
 * reasoning survives an idle timeout shorter than the silence (heartbeats), and the v2 handler's
 * per-delta cost vs a passthrough.
 */
export const protocolV2Bench: BenchSection = {
  name: 'v2',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    const idleMs = 15_000;
    // Answers as fast as the fake can send them: only the accounting and the reasoning's pacing matter here.
    const stack = await startLocalStack({ port: 0, fake: { firstTokenDelayMs: 0, tokensPerSecond: Number.POSITIVE_INFINITY } });
    const dispatcher = createDispatcher({ connectMs: 5000, firstByteMs: 30_000, idleMs });
    // A v1 answer opens only at the first text: its first-byte timer must outlast the reasoning.
    const v1Dispatcher = createDispatcher({ connectMs: 5000, firstByteMs: 2 * STREAMED_REASONING_MS, idleMs });
    try {
      const cached = await conversationCost(stack.endpoint, dispatcher, true);
      const uncached = await conversationCost(stack.endpoint, dispatcher, false);
      figures.push(
        ratioFigure(
          { stage, name: `input tokens billed at full price, ${TURNS}-turn chat with a 30 KB file, with caching (writes at 1.25×)`, unit: 'tokens' },
          [cached.fullPrice],
          [uncached.fullPrice],
          0.2,
          'without caching',
        ),
        infoFigure(
          { stage, name: 'all input cost of that chat with caching, reads at 0.1× (full-price-token equivalents)', unit: 'tokens', baseline: uncached.allIn, baselineLabel: 'without caching', ratio: cached.allIn / uncached.allIn },
          [cached.allIn],
        ),
        infoFigure({ stage, name: 'cache tokens read / written over the chat', unit: 'tokens', text: `${cached.read} / ${cached.written}` }, [cached.read]),
      );

      // Runs alongside the rounds below: it only receives heartbeats, so it slows neither side.
      const silence = firstEventViaTransport(stack.endpoint, dispatcher, silentReasoningRequest, ['reasoning', 'delta']).then(
        () => true,
        () => false,
      );
      await sleep(1000);
      const ours: number[] = [];
      const curl: number[] = [];
      const v1: number[] = [];
      for (let i = 0; i < REASONING_ROUNDS; i++) {
        // Side by side: all three only wait, so none slows the others.
        const [a, b, c] = await Promise.all([
          firstEventViaTransport(stack.endpoint, dispatcher, streamedReasoningRequest, ['reasoning']),
          firstReasoningViaCurl(stack.endpoint, streamedReasoningRequest),
          firstEventViaTransport(stack.endpoint, v1Dispatcher, v1StreamedReasoningRequest, ['delta']),
        ]);
        ours.push(a);
        curl.push(b);
        v1.push(c);
      }
      const reasoning = `the model streams reasoning for ${STREAMED_REASONING_MS / 1000} s before writing text`;
      figures.push(
        ratioFigure({ stage, name: `time to first visible byte (first reasoning event) when ${reasoning}`, unit: 'ms' }, ours, curl, 1.1, 'curl'),
        infoFigure(
          { stage, name: `a v1 client's wait for the same answer: time to the first text delta (it is sent no reasoning)`, unit: 'ms', baseline: median(ours), baselineLabel: 'v2 client', ratio: median(v1) / median(ours) },
          v1,
        ),
        yesFigure({ stage, name: `survived ${SILENT_REASONING_MS / 1000} s of silence with a ${idleMs / 1000} s idle timeout (heartbeats)` }, await silence),
      );
    } finally {
      await dispatcher.close();
      await v1Dispatcher.close();
      await stack.close();
    }

    figures.push(...(await perDeltaOverhead()));
    return figures;
  },
};

/** Per-delta time of the real handler answering a v2 request (SSE) vs the passthrough handler (plain text). */
async function perDeltaOverhead(): Promise<Figure[]> {
  const v2: ChatRequest = { protocol: PROTOCOL_VERSION_2, prompt: `[[fake:deltas=${DELTAS}]] bench`, messages: [{ role: 'user', content: [{ type: 'text', text: `[[fake:deltas=${DELTAS}]] bench` }] }], modelId: 'demo' };
  const { real, bare } = await perDeltaMicros(DELTA_ROUNDS, v2);
  return [ratioFigure({ stage, name: `time per delta, v2 handler (SSE, v2 request), ${DELTAS} deltas`, unit: 'µs' }, real, bare, 1.1, 'passthrough')];
}
