/**
 * The in-host half of the runner: the entry files the extension host loads (extensionTestsPath)
 * call this to run mocha over the suites bundled beside them, print the counts as a
 * machine-readable last line and, when the runner asks for it, write them to a file.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { formatResultLine, RESULT_FILE_ENV, type SuiteResult } from './results';

/** Runs every file under `dir` matching `pattern` (e.g. `*.test.js`); rejects when any test fails. */
export async function runMochaInHost(dir: string, pattern: RegExp, kind: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ASK_BEDROCK_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => pattern.test(f)).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const result = await new Promise<SuiteResult>((resolve) => {
    try {
      const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
    } catch (err) {
      console.error('Loading the suites failed:', err);
      resolve({ passed: 0, failed: 1, pending: 0 });
    }
  });
  console.log(`VS Code ${vscode.version}: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending`);
  console.log(formatResultLine(result));
  const file = process.env[RESULT_FILE_ENV];
  if (file) writeFileSync(file, JSON.stringify(result));
  if (result.failed > 0) throw new Error(`${result.failed} ${kind} test(s) failed`);
}
