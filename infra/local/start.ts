/**
 * `npm start`: builds the extension, starts the local stack (the real Lambda handler behind the
 * local API Gateway, with the demo model or real Bedrock), then opens VS Code with the extension
 * in development mode pointed at it — desktop `code` when on PATH, otherwise code-server in the
 * browser (behind a password printed with its URL). Ctrl+C stops everything this started.
 *
 * Flags: --port N (endpoint, default 8787) --bedrock fake|aws --editor-port N (code-server, default 8080)
 *        --no-editor (endpoint only, like `npm run local`)
 *        --buffered (the endpoint holds each answer until it ends, as a non-streaming integration would)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cacheRoot } from '../../tools/cache';
import { startLocalStack } from './stack';
import { stopOnSignal } from './stopOnSignal';

const repo = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      bedrock: { type: 'string', default: 'fake' },
      'editor-port': { type: 'string', default: '8080' },
      'no-editor': { type: 'boolean', default: false },
      buffered: { type: 'boolean', default: false },
    },
  });
  const bedrock = values.bedrock === 'aws' ? 'aws' : 'fake';

  console.log('Building the extension…');
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.js')], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The build failed.');

  const stack = await startLocalStack({
    port: Number(values.port),
    auth: 'none',
    bedrock,
    responseTransferMode: values.buffered ? 'BUFFERED' : 'STREAM',
    log: (line) => console.log(line),
  });
  const stops: (() => Promise<void> | void)[] = [() => stack.close()];
  console.log(`\nLocal endpoint (${bedrock === 'aws' ? 'real Bedrock' : 'demo model'}): ${stack.endpoint}`);
  console.log(`Try it:\n  curl --no-buffer -H 'content-type: application/json' -H 'accept: text/event-stream' \\\n    -d '{"prompt":"How do I stream from Lambda?"}' ${stack.endpoint}\n`);
  console.log(`Models: curl ${stack.modelsUrl}\n`);

  const userSettings = { 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none', 'workbench.startupEditor': 'none' };
  if (!values['no-editor']) {
    if (onPath('code')) stops.push(openDesktop(userSettings));
    else stops.push(await openCodeServer(Number(values['editor-port']), userSettings));
  }

  stopOnSignal(stops);
}

/** Desktop VS Code with its own profile, so the user's own settings are never touched. */
function openDesktop(userSettings: Record<string, unknown>): () => void {
  const profile = path.join(cacheRoot(), 'dev-profile');
  writeSettings(path.join(profile, 'User', 'settings.json'), userSettings);
  console.log('Opening VS Code (desktop) with the extension in development mode…');
  const child = spawn('code', ['--user-data-dir', profile, '--new-window', `--extensionDevelopmentPath=${repo}`, repo], { stdio: 'inherit' });
  return () => stopChild(child);
}

/**
 * code-server (tools/codeServer.ts), with the extension loaded in development mode, behind a
 * fresh random password: a workbench has a terminal, so no other page or local user may open it.
 */
async function openCodeServer(port: number, userSettings: Record<string, unknown>): Promise<() => Promise<void>> {
  const { ensureCodeServer, startCodeServerForUser, LATEST_VSCODE } = await import('../../tools/codeServer');
  console.log('Desktop `code` is not on PATH: starting code-server (installed once into the cache)…');
  const install = await ensureCodeServer(LATEST_VSCODE);
  const { server, password } = await startCodeServerForUser(install, { port, workspaceFolder: repo, extensionDevelopmentPath: repo, userSettings });
  console.log(`\nOpen VS Code in your browser and log in with the password below (new for each run):\n  ${server.workbenchUrl()}\n  Password: ${password}\n`);
  return () => server.close();
}

function writeSettings(file: string, settings: Record<string, unknown>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
