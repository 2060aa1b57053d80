/**
 * Entry point the VS Code extension host loads (extensionTestsPath): runs mocha over the
 * bundled suites next to this file (the integration tests, or the in-host benchmarks), prints
 * the counts as a machine-readable last line and, when the runner asks for it, writes them to
 * a file.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { formatResultLine, RESULT_FILE_ENV, type SuiteResult } from '../host/results';

/** Runs every `*.test.js` and `*.bench.js` bundled beside this file; rejects when any test fails. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ASK_BEDROCK_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(test|bench)\.js$/.test(f)).sort()) {
    mocha.addFile(path.join(__dirname, file));
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
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
