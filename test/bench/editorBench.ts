import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO, type HostSuites } from '../host/buildTests';
import { LATEST_VSCODE } from '../host/codeServer';
import { runIntegration } from '../host/runIntegration';
import { buildProduction } from './extensionBench';
import { equalFigure, infoFigure, limitFigure, ratioFigure, yesFigure, type Figure } from './figures';
import type { BenchSection } from './run';

/** The suites that run inside the extension host (test/bench/host/*.bench.ts). */
const BENCH_SUITES: HostSuites = { name: 'bench', dir: path.join(REPO, 'test', 'bench', 'host'), pattern: /\.bench\.ts$/ };
/** Must match CHUNKS in editorInsert.bench.ts. */
const CHUNKS = 25_000;
/** Fresh extension hosts, each activating the extension once. */
const ACTIVATIONS = 5;

/** What editorInsert.bench.ts writes to $ASK_BEDROCK_BENCH_OUT. */
interface HostResults {
  /** The extension's own share: loading its bundle and running activate() (what it logs). */
  activationMs?: number;
  /** `await extension.activate()` as a caller sees it, including VS Code preparing the context. */
  hostActivationMs?: number;
  runs: { lastChunkMs: number; insertedMs: number; edits: number; oneEditMs: number }[];
  undoSteps?: number;
  exact?: boolean;
}

/** Runs the in-host bench suites (only the tests matching `grep`, if given) in a fresh code-server and returns what they wrote. */
async function runInHost(grep?: string): Promise<HostResults> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-bench-host-'));
  const out = path.join(dir, 'results.json');
  const lines: string[] = [];
  try {
    const result = await runIntegration({
      vscodeVersion: LATEST_VSCODE,
      suites: BENCH_SUITES,
      env: { ASK_BEDROCK_BENCH_OUT: out, ...(grep ? { ASK_BEDROCK_TEST_GREP: grep } : {}) },
      log: (line) => lines.push(line),
      timeoutMs: 10 * 60_000,
    });
    if (!existsSync(out)) throw new Error(`the in-host bench wrote no results:\n${lines.slice(-40).join('\n')}`);
    // A failed assertion (e.g. inexact text) still leaves its measurements: they show as missed targets.
    if (result.failed > 0) console.error(`  in-host bench: ${result.failed} test(s) failed:\n${lines.slice(-40).join('\n')}`);
    return JSON.parse(readFileSync(out, 'utf8')) as HostResults;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Editor insertion and activation in a real VS Code extension host (code-server, latest VS Code),
 * with the production build: a 100 KB answer in 25,000 chunks streamed into an editor, and the
 * extension's activation in fresh hosts where nothing activated it before.
 */
export const editorBench: BenchSection = {
  name: 'editor',
  async run(): Promise<Figure[]> {
    buildProduction();
    const full = await runInHost();
    const hosts = [full];
    for (let i = 1; i < ACTIVATIONS; i++) hosts.push(await runInHost('activation time'));
    const activationMs = hosts.map((h) => h.activationMs).filter((ms): ms is number => ms !== undefined);
    const hostActivationMs = hosts.map((h) => h.hostActivationMs).filter((ms): ms is number => ms !== undefined);
    if (activationMs.length === 0 || hostActivationMs.length === 0) throw new Error('activation was not measured (was the extension already active?)');
    if (full.runs.length === 0) throw new Error('no insertion run finished');

    const editor = `Editor (VS Code ${LATEST_VSCODE})`;
    return [
      ratioFigure({ stage: editor, name: '100 KB in 25,000 chunks: time until fully inserted', unit: 'ms' }, full.runs.map((r) => r.insertedMs), full.runs.map((r) => r.lastChunkMs), 1.2, 'last chunk arrived'),
      infoFigure({ stage: editor, name: 'the same 100 KB as one editor.edit (VS Code alone, no streaming)', unit: 'ms' }, full.runs.map((r) => r.oneEditMs)),
      limitFigure({ stage: editor, name: 'edit operations for 25,000 chunks', unit: 'edits' }, full.runs.map((r) => r.edits), CHUNKS / 10, 'edits (batched: ≤ 1/10 of the chunks)'),
      equalFigure({ stage: editor, name: 'undo steps to remove the answer', unit: 'steps' }, [full.undoSteps ?? 0], 1),
      yesFigure({ stage: editor, name: 'document text is exactly the answer' }, full.exact === true),
      limitFigure({ stage: 'Extension', name: `activation: loading the bundle + activate(), fresh hosts (VS Code ${LATEST_VSCODE})`, unit: 'ms' }, activationMs, 50),
      infoFigure({ stage: 'Extension', name: 'await extension.activate() as a caller sees it (adds VS Code preparing storage and context)', unit: 'ms' }, hostActivationMs),
    ];
  },
};
