/** Pass/fail counts of one mocha run. */
export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
}

/** The env var through which the runner tells the in-host mocha where to write its counts. */
export const RESULT_FILE_ENV = 'ASK_BEDROCK_RESULT_FILE';

/** Prefix of the machine-readable line the in-host mocha prints last. */
export const RESULT_LINE_PREFIX = '[ask-bedrock:result] ';

/** Formats the machine-readable result line. */
export function formatResultLine(result: SuiteResult): string {
  return `${RESULT_LINE_PREFIX}${JSON.stringify(result)}`;
}

/** Finds the last result line in some output, if any. */
export function parseResultLine(output: string): SuiteResult | undefined {
  const at = output.lastIndexOf(RESULT_LINE_PREFIX);
  if (at < 0) return undefined;
  return parseResult(output.slice(at + RESULT_LINE_PREFIX.length).split('\n')[0] ?? '');
}

/** Parses a result's JSON (the result file, or the tail of a result line). */
export function parseResult(json: string): SuiteResult | undefined {
  try {
    const parsed = JSON.parse(json.trim()) as Partial<SuiteResult>;
    if (typeof parsed.passed !== 'number' || typeof parsed.failed !== 'number') return undefined;
    return { passed: parsed.passed, failed: parsed.failed, pending: parsed.pending ?? 0 };
  } catch {
    return undefined;
  }
}

/** Adds results up. */
export function sumResults(results: SuiteResult[]): SuiteResult {
  return results.reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, pending: a.pending + b.pending }), { passed: 0, failed: 0, pending: 0 });
}
