import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO, type HostSuites } from '../host/buildTests';
import { LATEST_VSCODE } from '../../tools/codeServer';
import { runIntegration } from '../host/runIntegration';
import { startLocalStack } from '../../infra/local/stack';
import { EDITOR_CHUNKS, EDITOR_ROUNDS, editorAnswerChunks } from './editorAnswer';
import type { EditorBenchResults } from './host/editorInsert.bench';
import type { HostMemoryResults } from './host/hostMemory.bench';
import type { LmBenchResults } from './host/lmFirstText.bench';
import { buildProduction } from './extensionBench';
import { equalFigure, infoFigure, limitFigure, median, ratioFigure, yesFigure, type Figure } from './figures';
import { answerDeltas, longConversation } from './longConversation';
import type { BenchSection } from './run';

/** The suites that run inside the extension host (test/bench/host/*.bench.ts, behind test/bench/host/index.ts). */
const BENCH_SUITES: HostSuites = {
  name: 'bench',
  dir: path.join(REPO, 'test', 'bench', 'host'),
  pattern: /\.bench\.ts$/,
  index: path.join(REPO, 'test', 'bench', 'host', 'index.ts'),
};
/** Fresh extension hosts, each activating the extension once. */
const ACTIVATIONS = 5;

/** What the in-host suites wrote: the editor suite's results, and the vscode.lm and host memory suites' when they ran. */
type HostBenchResults = EditorBenchResults & { lm?: LmBenchResults; memory?: HostMemoryResults };

/**
 * Runs the in-host bench suites (only the tests matching `grep`, if given) in a fresh code-server,
 * with the extension pointed at `endpoint`, and returns what they wrote.
 */
async function runInHost(endpoint: string, grep?: string): Promise<HostBenchResults> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-bench-host-'));
  const out = path.join(dir, 'results.json');
  const lmOut = path.join(dir, 'lm.json');
  const memoryOut = path.join(dir, 'memory.json');
  const lines: string[] = [];
  try {
    const result = await runIntegration({
      vscodeVersion: LATEST_VSCODE,
      suites: BENCH_SUITES,
      userSettings: { 'askBedrock.endpoint': endpoint, 'askBedrock.auth': 'none' },
      env: { ASK_BEDROCK_BENCH_OUT: out, ASK_BEDROCK_BENCH_LM_OUT: lmOut, ASK_BEDROCK_BENCH_MEMORY_OUT: memoryOut, ...(grep ? { ASK_BEDROCK_TEST_GREP: grep } : {}) },
      log: (line) => lines.push(line),
      timeoutMs: 10 * 60_000,
    });
    if (!existsSync(out)) throw new Error(`the in-host bench wrote no results:\n${lines.slice(-40).join('\n')}`);
    // A failed assertion (e.g. inexact text) still leaves its measurements: they show as missed targets.
    if (result.failed > 0) console.error(`  in-host bench: ${result.failed} test(s) failed:\n${lines.slice(-40).join('\n')}`);
    const lm = existsSync(lmOut) ? (JSON.parse(readFileSync(lmOut, 'utf8')) as LmBenchResults) : undefined;
    const memory = existsSync(memoryOut) ? (JSON.parse(readFileSync(memoryOut, 'utf8')) as HostMemoryResults) : undefined;
    return { ...(JSON.parse(readFileSync(out, 'utf8')) as EditorBenchResults), lm, memory };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Editor insertion and activation in a real VS Code extension host (code-server, latest VS Code),
 * with the production build. Insertion: a 100 KB answer in 25,000 chunks, queued in the local
 * stack's fake Bedrock with no delay and streamed through the real Lambda handler and API Gateway
 * emulator (in this process, outside the host) into Insert at Cursor; the same chunks handed over
 * in-process show what VS Code's own edit round trip costs. Activation: fresh hosts where nothing
 * activated the extension before. VS Code's chat API: the first text part of a short answer asked
 * through vscode.lm in the host vs curl on the same stack (the fake's first token at once, so
 * the figure is the path's own cost). Memory: the extension host's heap for a 50-turn, 1 MB
 * conversation asked in the panel, then closed and reopened (host/hostMemory.bench.ts).
 */
export const editorBench: BenchSection = {
  name: 'editor',
  async run(): Promise<Figure[]> {
    buildProduction();
    const stack = await startLocalStack({ port: 0, auth: 'none', fake: { firstTokenDelayMs: 0 } });
    let hosts: HostBenchResults[];
    try {
      const pieces = editorAnswerChunks();
      for (let i = 0; i < EDITOR_ROUNDS; i++) stack.fake!.enqueue({ pieces });
      // Then the long conversation's answers, for the host memory suite (which runs after the editor suite).
      for (const [turn, { answer }] of longConversation().entries()) stack.fake!.enqueue({ pieces: answerDeltas(answer, turn) });
      hosts = [await runInHost(stack.endpoint)];
      for (let i = 1; i < ACTIVATIONS; i++) hosts.push(await runInHost(stack.endpoint, 'activation time'));
    } finally {
      await stack.close();
    }
    const full = hosts[0]!;
    const activationMs = hosts.map((h) => h.activationMs).filter((ms): ms is number => ms !== undefined);
    const hostActivationMs = hosts.map((h) => h.hostActivationMs).filter((ms): ms is number => ms !== undefined);
    if (activationMs.length === 0 || hostActivationMs.length === 0) throw new Error('activation was not measured (was the extension already active?)');
    if (full.streamed.length === 0) throw new Error('no insertion run finished');
    const streamed = full.streamed;
    const inProcess = full.inProcess;

    const editor = `Editor (VS Code ${LATEST_VSCODE})`;
    const chat = `VS Code chat API (VS Code ${LATEST_VSCODE})`;
    const lm = full.lm && full.lm.lmFirstTextMs.length > 0 ? full.lm : undefined;
    const lmFigures = lm
      ? [
          ratioFigure(
            { stage: chat, name: `time to the first text part through vscode.lm (selectChatModels → sendRequest, model ${lm.model}), first token at once`, unit: 'ms' },
            lm.lmFirstTextMs,
            lm.curlFirstDeltaMs,
            1.1,
            'curl --no-buffer',
          ),
          infoFigure({ stage: chat, name: 'the same: time vscode.lm adds over curl (medians)', unit: 'ms' }, [median(lm.lmFirstTextMs) - median(lm.curlFirstDeltaMs)]),
        ]
      : [yesFigure({ stage: chat, name: 'time to the first text part through vscode.lm was measured (see the in-host bench log)' }, false)];
    const chunks = `${EDITOR_CHUNKS.toLocaleString('en-US')} chunks`;
    return [
      ratioFigure(
        { stage: editor, name: `Insert at Cursor, 100 KB in ${chunks} from the local stack: time until fully inserted`, unit: 'ms' },
        streamed.map((r) => r.insertedMs),
        streamed.map((r) => r.lastChunkMs),
        1.2,
        'last chunk arrived',
      ),
      infoFigure({ stage: editor, name: 'the same: first chunk arrived', unit: 'ms' }, streamed.map((r) => r.firstChunkMs)),
      limitFigure({ stage: editor, name: `edit operations for ${chunks}`, unit: 'edits' }, streamed.map((r) => r.edits), EDITOR_CHUNKS / 10, 'edits (batched: ≤ 1/10 of the chunks)'),
      equalFigure({ stage: editor, name: 'undo steps to remove the answer', unit: 'steps' }, [full.undoSteps ?? 0], 1),
      yesFigure({ stage: editor, name: `document text is exactly the answer, all ${chunks} received (every run)` }, full.exact === true && streamed.every((r) => r.chunks === EDITOR_CHUNKS)),
      infoFigure({ stage: editor, name: `stress, no network: the ${chunks} handed over in-process: last chunk`, unit: 'ms' }, inProcess.map((r) => r.lastChunkMs)),
      infoFigure({ stage: editor, name: 'the same: time until fully inserted (bound by VS Code’s edit round trip)', unit: 'ms' }, inProcess.map((r) => r.insertedMs)),
      infoFigure({ stage: editor, name: 'the same 100 KB as one editor.edit (VS Code alone, no streaming)', unit: 'ms' }, inProcess.map((r) => r.oneEditMs)),
      limitFigure({ stage: 'Extension', name: `activation: loading the bundle + activate(), fresh hosts (VS Code ${LATEST_VSCODE})`, unit: 'ms' }, activationMs, 50),
      infoFigure({ stage: 'Extension', name: 'await extension.activate() as a caller sees it (adds VS Code preparing storage and context)', unit: 'ms' }, hostActivationMs),
      ...lmFigures,
      ...hostMemoryFigures(full.memory),
    ];
  },
};

/** A 50-turn, 1 MB conversation's share of the extension host's heap, as a multiple of its text. */
function hostMemoryFigures(memory: HostMemoryResults | undefined): Figure[] {
  const stage = `Extension host memory (VS Code ${LATEST_VSCODE})`;
  if (!memory || memory.askedBytes === undefined || memory.reopenedBytes.length === 0) {
    return [yesFigure({ stage, name: 'the long conversation’s heap was measured (see the in-host bench log)' }, false)];
  }
  const mb = (memory.textBytes / 1e6).toFixed(2);
  const times = (bytes: number) => bytes / memory.textBytes;
  return [
    limitFigure({ stage, name: `heap kept for a ${memory.turns}-turn, ${mb} MB conversation, reopened, as a multiple of its text`, unit: '×' }, memory.reopenedBytes.map(times), 3, '× its text'),
    limitFigure({ stage, name: 'the same, right after asking it in the panel', unit: '×' }, [times(memory.askedBytes)], 3, '× its text'),
    infoFigure({ stage, name: 'the same, reopened, in MB', unit: 'MB' }, memory.reopenedBytes.map((b) => b / 1e6)),
    infoFigure({ stage, name: `heap growth with an empty conversation shown, after ${memory.reopenedBytes.length} reopenings and closings (a leak would grow it)`, unit: 'MB' }, [memory.closedBytes.at(-1)! / 1e6]),
  ];
}
