/**
 * `npm test`: typecheck, lint, build, unit, integration (every VS Code version), e2e — in that
 * order. Prints each stage, adds up the mocha counts of all suites and ends with the line
 * `N passed, M failed`; exits non-zero when any stage fails. A stage that fails without test
 * counts (typecheck, lint, build, a crash) counts as one failure.
 *
 *   npm test -- --only unit,integration     a subset of stages
 *   npm test -- --vscode 1.104              integration (and e2e) on these versions only
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO } from './host/buildTests';
import { runIntegration } from './host/runIntegration';
import { LATEST_VSCODE, VSCODE_VERSIONS, type VsCodeVersion } from '../tools/codeServer';
import { run, shutdownAll } from '../tools/processes';
import { parseResultLine, sumResults, type SuiteResult } from './host/results';

const STAGES = ['typecheck', 'lint', 'build', 'unit', 'integration', 'e2e'] as const;
type Stage = (typeof STAGES)[number];

interface StageOutcome {
  name: string;
  ok: boolean;
  seconds: number;
  result?: SuiteResult;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, vscode: { type: 'string' } } });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...STAGES];
  const unknownStage = only.find((s) => !(STAGES as readonly string[]).includes(s));
  if (unknownStage) throw new Error(`unknown stage "${unknownStage}"; stages: ${STAGES.join(', ')}`);
  const versions = values.vscode ? (values.vscode.split(',').map((v) => v.trim()) as VsCodeVersion[]) : VSCODE_VERSIONS;
  const unknownVersion = versions.find((v) => !VSCODE_VERSIONS.includes(v));
  if (unknownVersion) throw new Error(`unknown VS Code version "${unknownVersion}"; known: ${VSCODE_VERSIONS.join(', ')}`);

  const outcomes: StageOutcome[] = [];
  const wanted = (stage: Stage) => only.includes(stage);
  const mochaColor = process.stdout.isTTY ? ['--color'] : [];
  if (wanted('typecheck')) outcomes.push(await stage('typecheck', () => npm('run', 'typecheck')));
  if (wanted('lint')) outcomes.push(await stage('lint', () => npm('run', 'lint')));
  if (wanted('build') || wanted('integration')) outcomes.push(await stage('build', () => npm('run', 'build')));
  if (wanted('unit')) outcomes.push(await stage('unit', () => mocha(['--reporter', 'test/reporter.cjs', ...mochaColor])));
  if (wanted('integration')) {
    for (const version of versions) outcomes.push(await stage(`integration (VS Code ${version})`, () => integration(version)));
  }
  if (wanted('e2e')) {
    const e2eVersion = versions.includes(LATEST_VSCODE) ? LATEST_VSCODE : versions[versions.length - 1]!;
    const args = ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '300000', '--reporter', 'test/reporter.cjs', ...mochaColor, 'test/e2e/**/*.test.ts'];
    outcomes.push(await stage(`e2e (VS Code ${e2eVersion})`, () => mocha(args, { ASK_BEDROCK_VSCODE: e2eVersion })));
  }

  console.log('\n── Summary ──');
  for (const o of outcomes) {
    const counts = o.result ? `${o.result.passed} passed, ${o.result.failed} failed${o.result.pending ? `, ${o.result.pending} pending` : ''}` : '';
    console.log(`${o.ok ? 'ok  ' : 'FAIL'}  ${o.name.padEnd(28)} ${String(o.seconds).padStart(4)} s  ${counts}`);
  }
  const total = sumResults(outcomes.map((o) => o.result ?? { passed: 0, failed: o.ok ? 0 : 1, pending: 0 }));
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return outcomes.every((o) => o.ok) && total.failed === 0 ? 0 : 1;
}

/** Runs one stage, printing a header and its duration. */
async function stage(name: string, body: () => Promise<{ ok: boolean; result?: SuiteResult }>): Promise<StageOutcome> {
  console.log(`\n══ ${name} ══`);
  const started = Date.now();
  let outcome: { ok: boolean; result?: SuiteResult };
  try {
    outcome = await body();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    outcome = { ok: false };
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`── ${name}: ${outcome.ok ? 'ok' : 'FAILED'} in ${seconds} s`);
  return { name, seconds, ...outcome };
}

function npm(...args: string[]): Promise<{ ok: boolean }> {
  return run('npm', args, { cwd: REPO }).then(({ code }) => ({ ok: code === 0 }));
}

/** Runs mocha in plain Node; its counts come from test/reporter.cjs's last line. */
async function mocha(args: string[], env: Record<string, string> = {}): Promise<{ ok: boolean; result?: SuiteResult }> {
  const { code, output } = await run(process.execPath, [path.join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js'), ...args], { cwd: REPO, env: { ...process.env, ...env } });
  const result = parseResultLine(output);
  return { ok: code === 0 && result !== undefined && result.failed === 0, result };
}

/** The integration suites on one VS Code version, with the extension pointed at the local AWS stand-in. */
async function integration(version: VsCodeVersion): Promise<{ ok: boolean; result: SuiteResult }> {
  // Loaded here, not at the top: only this stage needs the Lambda handler and the AWS SDK.
  const { startLocalStack } = await import('../infra/local/stack');
  const stack = await startLocalStack({ port: 0, auth: 'none' });
  console.log(`Local AWS stand-in: ${stack.endpoint}`);
  try {
    const result = await runIntegration({
      vscodeVersion: version,
      userSettings: { 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none' },
    });
    return { ok: result.failed === 0, result };
  } finally {
    await stack.close();
  }
}

main()
  .then(async (code) => {
    await shutdownAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    await shutdownAll();
    process.exit(1);
  });
