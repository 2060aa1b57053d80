import type { DoctorContext } from './context';

/** ✓ passed, ✗ failed, – nothing to check or nothing decided (a note). */
export type CheckStatus = 'pass' | 'fail' | 'info';

/** What one check found: a one-line detail and, when it failed, what to do. */
export interface CheckResult {
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** One step of the endpoint check. */
export interface Check {
  readonly title: string;
  /** When it fails, the checks after it are not run: they would only fail for the same reason. */
  readonly blocking: boolean;
  run(context: DoctorContext, signal: AbortSignal): Promise<CheckResult>;
}

/** A check's result under its title, as the report lists it; `notRun` when an earlier blocking check failed. */
export interface CheckLine extends CheckResult {
  title: string;
  notRun?: boolean;
}
