import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Packages the extension in `folder` (a test fixture: no license, no repository) and returns the path of its .vsix in a temporary folder. */
export function packageFixtureExtension(folder: string): string {
  const vsix = path.join(mkdtempSync(path.join(tmpdir(), 'ask-bedrock-fixture-vsix-')), `${path.basename(folder)}.vsix`);
  const vsce = path.join(REPO, 'node_modules', '.bin', 'vsce');
  const res = spawnSync(vsce, ['package', '--skip-license', '--allow-missing-repository', '--no-dependencies', '--out', vsix], { cwd: folder, encoding: 'utf8' });
  if (res.status !== 0 || !existsSync(vsix)) throw new Error(`vsce package in ${folder} failed:\n${res.stdout}\n${res.stderr}`);
  return vsix;
}
