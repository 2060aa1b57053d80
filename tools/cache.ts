import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** Where installed tools (code-server builds, Node runtimes) live: outside the clone, shared by all clones and runs. */
export function cacheRoot(): string {
  const base = process.env.ASK_BEDROCK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'ask-bedrock');
  mkdirSync(base, { recursive: true });
  return base;
}

/**
 * Runs `install` into `dir` at most once across processes: a lock directory keeps two runs
 * apart, and `marker` is written only after `install` resolved (a half-done install is redone).
 */
export async function installOnce(dir: string, install: () => Promise<void>): Promise<void> {
  const marker = path.join(dir, '.ask-bedrock-installed');
  if (existsSync(marker)) return;
  const release = await acquireLock(`${dir}.lock`);
  try {
    if (existsSync(marker)) return;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await install();
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  } finally {
    release();
  }
}

const STALE_LOCK_MS = 30 * 60_000;

async function acquireLock(lockDir: string): Promise<() => void> {
  const owner = path.join(lockDir, 'pid');
  for (let waited = 0; ; waited += 1000) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockIsStale(lockDir, owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (waited % 30_000 === 0) console.log(`waiting for another run to finish installing (${lockDir})…`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function lockIsStale(lockDir: string, owner: string): boolean {
  try {
    const pid = Number(readFileSync(owner, 'utf8'));
    if (pid && !isAlive(pid)) return true;
    return Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS;
  } catch {
    // No pid file yet: the owner is between mkdir and write, unless that was long ago.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 60_000;
    } catch {
      return true;
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
