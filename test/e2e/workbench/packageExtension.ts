import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../../host/buildTests';

let packaged: string | undefined;

/** Runs `npm run package` once per process and returns the path of ask-bedrock-<version>.vsix. */
export function packageExtension(): string {
  if (packaged) return packaged;
  const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(REPO, `ask-bedrock-${version}.vsix`);
  const res = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
  if (res.status !== 0 || !existsSync(vsix)) throw new Error(`npm run package failed:\n${res.stdout}\n${res.stderr}`);
  packaged = vsix;
  return vsix;
}
