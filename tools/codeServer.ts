/**
 * code-server (real VS Code: workbench + Node extension host) as the test host where desktop
 * VS Code is not available. Installed once per version into the cache, started per run with a
 * fresh profile. Also used by `npm start` to open the product in a browser.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cacheRoot, installOnce } from './cache';
import { registerLanguagePacks } from './languagePacks';
import { ensureNode } from './nodeRuntime';
import { cleanEnv, freePort, run, spawnGroup, waitForHttp } from './processes';
import { seedRipgrep } from './ripgrep';

/**
 * The VS Code versions the tests run on, and the code-server build that carries each: the Node
 * it needs, the ripgrep download its install expects (pre-seeded; 4.139 bundles ripgrep), and
 * whether the workbench must be told to report test results (`codeAutomationExit`).
 */
export const CODE_SERVER_BUILDS = {
  '1.104': {
    codeServer: '4.104.0',
    nodeMajor: 22,
    ripgrep: { packageVersion: '1.15.14', asset: 'ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz' },
    smokeTestDriver: false,
  },
  '1.139': { codeServer: '4.139.1', nodeMajor: 24, ripgrep: undefined, smokeTestDriver: true },
} as const;

export type VsCodeVersion = keyof typeof CODE_SERVER_BUILDS;
export const VSCODE_VERSIONS = Object.keys(CODE_SERVER_BUILDS) as VsCodeVersion[];
export const LATEST_VSCODE: VsCodeVersion = '1.139';

/** An installed code-server: the Node binary to run it with and its entry script. */
export interface CodeServerInstall {
  readonly vscodeVersion: VsCodeVersion;
  readonly codeServerVersion: string;
  readonly smokeTestDriver: boolean;
  readonly node: string;
  readonly entry: string;
}

/** Installs the code-server build for `vscodeVersion` into the cache (once) and returns it. */
export async function ensureCodeServer(vscodeVersion: VsCodeVersion): Promise<CodeServerInstall> {
  const build = CODE_SERVER_BUILDS[vscodeVersion];
  if (!build) throw new Error(`no code-server build for VS Code ${vscodeVersion}; known: ${VSCODE_VERSIONS.join(', ')}`);
  const runtime = await ensureNode(build.nodeMajor);
  const dir = path.join(cacheRoot(), `code-server-${build.codeServer}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  await installOnce(dir, async () => {
    console.log(`Installing code-server ${build.codeServer} (VS Code ${vscodeVersion}, Node ${build.nodeMajor}) into ${dir}…`);
    const started = Date.now();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ask-bedrock-code-server', private: true }));
    // A private TMPDIR: @vscode/ripgrep looks for its download there, which we pre-seed.
    const tmp = path.join(dir, '.tmp');
    mkdirSync(tmp, { recursive: true });
    if (build.ripgrep) await seedRipgrep(tmp, build.ripgrep.packageVersion, build.ripgrep.asset);
    const env: NodeJS.ProcessEnv = {
      ...cleanEnv(),
      ...runtime.env,
      TMPDIR: tmp,
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    const install = await run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${build.codeServer}`], { cwd: dir, env, quiet: true });
    if (install.code !== 0) throw new Error(`npm install code-server@${build.codeServer} failed:\n${install.output.slice(-4000)}`);
    const version = await run(runtime.node, [entry, '--version'], { cwd: dir, env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp }, quiet: true });
    if (version.code !== 0 || !version.output.includes(build.codeServer)) {
      throw new Error(`code-server ${build.codeServer} does not run after install:\n${version.output.slice(-2000)}`);
    }
    rmSync(tmp, { recursive: true, force: true });
    console.log(`Installed code-server ${build.codeServer} in ${Math.round((Date.now() - started) / 1000)} s.`);
  });
  return { vscodeVersion, codeServerVersion: build.codeServer, smokeTestDriver: build.smokeTestDriver, node: runtime.node, entry };
}

/** How to start code-server. Every path not given is a fresh temporary one. */
export interface CodeServerOptions {
  /** TCP port on 127.0.0.1; a free one when omitted or 0. */
  port?: number;
  /** Folder the window opens. */
  workspaceFolder: string;
  /** Extension folder loaded in development mode (part of every `workbenchUrl`). */
  extensionDevelopmentPath?: string;
  /** Written to `<user-data-dir>/User/settings.json`. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server; the extension host inherits it. */
  env?: Record<string, string>;
  /** .vsix files installed into the fresh extensions dir before starting. */
  installExtensions?: string[];
  /** The display language (`--locale`, e.g. `ja`); it applies only when that language's pack is installed, as in VS Code. */
  locale?: string;
  /** Where code-server's own output goes (a file); default: a file in the temp profile. */
  logFile?: string;
  /**
   * The login password (code-server's `--auth password`, handed over in `$PASSWORD`, which it
   * removes from its environment). Without it there is no login at all: tests only, on a free port.
   */
  password?: string;
  /** Whether the workbench exposes the smoke-test driver (tests drive it; a person's window does not need it). Default true where the version has it. */
  smokeTestDriver?: boolean;
}

/** A running code-server. */
export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** The workbench URL for the workspace folder, with the development extension when one was given, plus extra payload entries (e.g. extensionTestsPath). */
  workbenchUrl(payload?: [string, string][]): string;
  /** A `vscode-remote://` URI for a local absolute path, as the payload expects. */
  remoteUri(fsPath: string): string;
  /** Stops code-server and everything it started, and deletes the temporary profile. */
  close(): Promise<void>;
}

/** Default user settings for a quiet, deterministic workbench. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Starts code-server on 127.0.0.1 with a fresh profile; resolves when `/healthz` answers. */
export async function startCodeServer(install: CodeServerInstall, options: CodeServerOptions): Promise<CodeServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-cs-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const logFile = options.logFile ?? path.join(root, 'code-server.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(options.env ?? {}),
    PATH: `${path.dirname(install.node)}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_DATA_HOME: path.join(root, 'data'),
    EXTENSIONS_GALLERY: '{"serviceUrl":"http://127.0.0.1:9/gallery"}',
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  // code-server prefers $HASHED_PASSWORD over $PASSWORD: a stray one must not stand in for ours.
  delete env.HASHED_PASSWORD;
  delete env.PASSWORD;
  if (options.password !== undefined) env.PASSWORD = options.password;
  for (const dir of [userDataDir, extensionsDir, env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, path.dirname(logFile)]) mkdirSync(dir, { recursive: true });
  writeUserSettings(userDataDir, options.userSettings);

  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.installExtensions ?? []) {
    const res = await run(install.node, [install.entry, ...common, '--install-extension', vsix], { env, quiet: true });
    if (res.code !== 0 || !/successfully installed/i.test(res.output)) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`installing ${vsix} into code-server failed:\n${res.output}`);
    }
  }
  if (options.locale) registerLanguagePacks(userDataDir, extensionsDir);

  const port = options.port || (await freePort());
  const args = [
    install.entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', options.password === undefined ? 'none' : 'password',
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    ...(options.locale ? ['--locale', options.locale] : []),
    ...(install.smokeTestDriver && options.smokeTestDriver !== false ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.workspaceFolder,
  ];
  const out = openSync(logFile, 'a');
  const child = spawnGroup(install.node, args, { env, cwd: root, stdio: ['ignore', out, out] });
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    await child.stop();
    rmSync(root, { recursive: true, force: true, maxRetries: 2 });
  };
  try {
    await waitForHttp(`${url}/healthz`, 60_000, child.exited);
  } catch (err) {
    await child.stop();
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`code-server ${install.codeServerVersion} did not start: ${(err as Error).message}\n${log}`);
  }
  const remoteUri = (fsPath: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(fsPath)}`;
  const devPayload: [string, string][] = options.extensionDevelopmentPath ? [['extensionDevelopmentPath', remoteUri(options.extensionDevelopmentPath)]] : [];
  const workbenchUrl = (payload: [string, string][] = []) => {
    const query = new URLSearchParams({ folder: path.resolve(options.workspaceFolder) });
    const all = [...devPayload, ...payload];
    if (all.length) query.set('payload', JSON.stringify(all));
    return `${url}/?${query.toString()}`;
  };
  return { url, port, userDataDir, extensionsDir, logFile, workbenchUrl, remoteUri, close };
}

/**
 * code-server as `npm start` hands it to a person: only someone who knows a fresh random password
 * (to be shown with the URL, as Jupyter shows its token) gets a workbench — and with it a terminal —
 * not another local user, nor a web page (a rebound host name never carries the login cookie).
 */
export async function startCodeServerForUser(install: CodeServerInstall, options: Omit<CodeServerOptions, 'password'>): Promise<{ server: CodeServer; password: string }> {
  const password = randomBytes(24).toString('base64url');
  return { server: await startCodeServer(install, { ...options, password, smokeTestDriver: false }), password };
}

/** Writes a test profile's User/settings.json: QUIET_SETTINGS, then `settings`. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown> = {}): void {
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
}
