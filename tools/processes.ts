import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

type Cleanup = () => Promise<void> | void;
const cleanups = new Set<Cleanup>();
let signalsHooked = false;

/** Registers a cleanup that also runs on SIGINT/SIGTERM; returns a function that unregisters it. */
export function onShutdown(cleanup: Cleanup): () => void {
  hookSignals();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup (newest first), once each. */
export async function shutdownAll(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      await cleanup();
    } catch (err) {
      console.error(`cleanup failed: ${String(err)}`);
    }
  }
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: Ctrl+C reaches this process twice (from the terminal and relayed by
    // tsx/npm), and the second must not kill it before the cleanup is done.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping everything this run started…`);
      void shutdownAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

/** A child started in its own process group, so stopping it also stops what it spawned. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the exit code (or -1 when killed by a signal). */
  readonly exited: Promise<number>;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command` detached (own process group); it is stopped on SIGINT/SIGTERM of this process. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): Child {
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code) => resolve(code ?? -1));
    child.once('error', () => resolve(-1));
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const stop = async (graceMs = 5000) => {
    unregister();
    signalGroup('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') signalGroup('SIGKILL');
    // Children of the group may outlive its leader: make sure none is left.
    signalGroup('SIGKILL');
  };
  const unregister = onShutdown(() => stop(2000));
  return { process: child, exited, stop };
}

/** Runs a command to completion, output inherited or collected; resolves with code and output. */
export function run(command: string, args: string[], options: SpawnOptions & { quiet?: boolean } = {}): Promise<{ code: number; output: string }> {
  const { quiet, ...spawnOptions } = options;
  const child = spawnGroup(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    output += chunk.toString();
    if (!quiet) stream.write(chunk);
  };
  child.process.stdout?.on('data', (c: Buffer) => collect(c, process.stdout));
  child.process.stderr?.on('data', (c: Buffer) => collect(c, process.stderr));
  return child.exited.then(async (code) => {
    await child.stop(0);
    return { code, output };
  });
}

/**
 * This process's environment without npm's `npm_*` variables: when run under `npm test`
 * they would override the config of a nested npm (e.g. its user agent's Node version).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, or throws after `timeoutMs`; fails fast if `exited` resolves first. */
export async function waitForHttp(url: string, timeoutMs: number, exited?: Promise<number>): Promise<void> {
  let exitCode: number | undefined;
  void exited?.then((code) => (exitCode = code));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (exitCode !== undefined) throw new Error(`the server exited (code ${exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
