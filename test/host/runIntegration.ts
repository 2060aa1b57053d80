/**
 * Runs the integration suites (test/integration), or other suites such as the in-host
 * benchmarks, inside a real VS Code extension host: desktop VS Code via @vscode/test-electron
 * when VSCODE_EXECUTABLE is set, code-server driven by headless Chromium otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser';
import { buildIntegrationTests, REPO, type HostSuites } from './buildTests';
import { ensureCodeServer, startCodeServer, writeUserSettings, type VsCodeVersion } from '../../tools/codeServer';
import { parseResult, parseResultLine, RESULT_FILE_ENV, type SuiteResult } from './results';

/** What to run the suites with. */
export interface IntegrationOptions {
  /** Which code-server build to use (ignored with VSCODE_EXECUTABLE, which is whatever it is). */
  vscodeVersion: VsCodeVersion;
  /** Written to the profile's User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
  /** Folder the window opens; a fresh empty one when omitted. */
  workspaceFolder?: string;
  /** Fails the run after this long (default 15 min). */
  timeoutMs?: number;
  /** Where mocha's output goes, line by line (default: stdout). */
  log?: (line: string) => void;
  /** Which suites to bundle and run (default: test/integration). */
  suites?: HostSuites;
}

/** Builds the suites, runs them in a VS Code host, and resolves with the counts (failed ≥ 1 on any crash or timeout). */
export async function runIntegration(options: IntegrationOptions): Promise<SuiteResult> {
  const extensionTestsPath = await buildIntegrationTests(options.suites);
  const resultDir = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-result-'));
  const resultFile = path.join(resultDir, 'result.json');
  const workspace = options.workspaceFolder ?? freshWorkspace();
  const env = { ...(options.env ?? {}), [RESULT_FILE_ENV]: resultFile };
  const print = options.log ?? ((line: string) => console.log(line));
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  try {
    const run = process.env.VSCODE_EXECUTABLE ? runInElectron : runInCodeServer;
    const exitCode = await run({ ...options, env, workspace, extensionTestsPath, log, timeoutMs: options.timeoutMs ?? 15 * 60_000 });
    // The file is the reliable channel (desktop VS Code prints to its own stdout); the log line a fallback.
    const result = (existsSync(resultFile) ? parseResult(readFileSync(resultFile, 'utf8')) : undefined) ?? parseResultLine(lines.join('\n'));
    if (!result) return { passed: 0, failed: 1, pending: 0 };
    // A crash after mocha finished, or a non-zero exit with no failed test, still fails the run.
    return exitCode !== 0 && result.failed === 0 ? { ...result, failed: 1 } : result;
  } finally {
    rmSync(resultDir, { recursive: true, force: true });
    if (!options.workspaceFolder) rmSync(workspace, { recursive: true, force: true });
  }
}

/** An empty folder with an empty .vscode/ in it, so VS Code watches for folder settings written by tests. */
function freshWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-ws-'));
  mkdirSync(path.join(dir, '.vscode'));
  return dir;
}

interface RunSpec extends IntegrationOptions {
  env: Record<string, string>;
  workspace: string;
  extensionTestsPath: string;
  log: (line: string) => void;
  timeoutMs: number;
}

/** code-server + Chromium: the workbench loads the extension and the tests from the payload. */
async function runInCodeServer(spec: RunSpec): Promise<number> {
  const install = await ensureCodeServer(spec.vscodeVersion);
  const logDir = path.join(REPO, 'test-results');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `code-server-${install.codeServerVersion}.log`);
  rmSync(logFile, { force: true });
  const server = await startCodeServer(install, {
    workspaceFolder: spec.workspace,
    extensionDevelopmentPath: REPO,
    userSettings: spec.userSettings,
    env: spec.env,
    logFile,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let exited: (code: number) => void = () => {};
    const exit = new Promise<number>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = format(...args);
      // The offline gallery (127.0.0.1:9) is expected to refuse: not worth a stack trace per run.
      if (!/127\.0\.0\.1:9\b/.test(text)) for (const line of text.split('\n')) spec.log(line);
    });
    const url = server.workbenchUrl([['extensionTestsPath', server.remoteUri(spec.extensionTestsPath)]]);
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        spec.log(`Timed out after ${spec.timeoutMs} ms (code-server log: ${logFile})`);
        resolve(1);
      }, spec.timeoutMs);
    });
    const crashed = new Promise<number>((resolve) => page.once('crash', () => resolve(1)));
    const code = await Promise.race([exit, timeout, crashed]);
    clearTimeout(timer);
    if (code !== 0) spec.log(`The extension host exited with code ${code} (code-server log: ${logFile})`);
    return code;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Desktop VS Code through @vscode/test-electron; never downloads (VSCODE_EXECUTABLE is required). */
async function runInElectron(spec: RunSpec): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const profile = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-electron-'));
  try {
    const userDataDir = path.join(profile, 'user-data');
    writeUserSettings(userDataDir, spec.userSettings);
    return await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: spec.extensionTestsPath,
      extensionTestsEnv: spec.env,
      launchArgs: [spec.workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', path.join(profile, 'extensions')],
    }).catch((err: unknown) => {
      spec.log(`VS Code failed: ${String(err)}`);
      return 1;
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
