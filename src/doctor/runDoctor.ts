import { TransportError } from '../transport/errors';
import { authCheck } from './authCheck';
import type { Check, CheckLine } from './check';
import { clockCheck } from './clockCheck';
import { DoctorContext, type DoctorDeps } from './context';
import { credentialsCheck } from './credentialsCheck';
import { modelsCheck } from './modelsCheck';
import { networkCheck } from './networkCheck';
import { streamingCheck } from './streamingCheck';
import { urlShapeCheck } from './urlShapeCheck';

/** The checks, in the order they run: each relies on the ones before it. */
export const CHECKS: readonly Check[] = [urlShapeCheck, networkCheck, credentialsCheck, clockCheck, authCheck, modelsCheck, streamingCheck];

/** The outcome of one run. */
export interface DoctorReport {
  lines: CheckLine[];
  /** The first failed line: the one whose fix the report gives. */
  firstFailure: CheckLine | undefined;
  /** The streaming request's model and time to first byte, when it got that far. */
  answered: { model: string; firstByteMs: number } | undefined;
  /** The settings checked, for the report's heading. */
  checked: Pick<DoctorDeps, 'settings' | 'userAgent'>;
  /** When it ran (ms since the epoch). */
  at: number;
}

export interface RunOptions {
  signal: AbortSignal;
  /** Told each check's title as it starts. */
  onProgress?: (title: string, index: number, total: number) => void;
  /** The checks to run (tests); CHECKS by default. */
  checks?: readonly Check[];
}

/** Runs the checks in order; after a blocking check fails, the rest are listed as not run. A check that throws fails with the error's message. */
export async function runDoctor(deps: DoctorDeps, options: RunOptions): Promise<DoctorReport> {
  const checks = options.checks ?? CHECKS;
  const context = new DoctorContext(deps);
  const lines: CheckLine[] = [];
  let blocked = false;
  try {
    for (const [index, check] of checks.entries()) {
      if (blocked || options.signal.aborted) {
        lines.push({ title: check.title, status: 'info', detail: '', notRun: true });
        continue;
      }
      options.onProgress?.(check.title, index, checks.length);
      let line: CheckLine;
      try {
        line = { title: check.title, ...(await check.run(context, options.signal)) };
      } catch (err) {
        line = { title: check.title, status: 'fail', detail: err instanceof TransportError || err instanceof Error ? err.message : String(err) };
      }
      lines.push(line);
      if (line.status === 'fail' && check.blocking) blocked = true;
    }
  } finally {
    await context.dispose();
  }
  return { lines, firstFailure: lines.find((line) => line.status === 'fail'), answered: context.answered, checked: { settings: deps.settings, userAgent: deps.userAgent }, at: (deps.now ?? Date.now)() };
}
