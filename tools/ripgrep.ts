import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { run } from './processes';

/**
 * Puts a ripgrep archive where `@vscode/ripgrep@<packageVersion>` looks for its download
 * (`$TMPDIR/vscode-ripgrep-cache-<version>/<asset>`), so its install script needs no GitHub:
 * the `rg` binary comes from the npm package `@vscode/ripgrep-linux-x64`.
 */
export async function seedRipgrep(tmpDir: string, packageVersion: string, asset: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpDir, 'rg-'));
  try {
    const pack = await run('npm', ['pack', '--silent', '@vscode/ripgrep-linux-x64'], { cwd: work, quiet: true });
    const tgz = pack.output.trim().split('\n').pop() ?? '';
    if (pack.code !== 0 || !tgz.endsWith('.tgz')) throw new Error(`npm pack @vscode/ripgrep-linux-x64 failed:\n${pack.output}`);
    if ((await run('tar', ['xzf', tgz], { cwd: work, quiet: true })).code !== 0) throw new Error(`cannot extract ${tgz}`);
    const staging = path.join(work, 'staging');
    mkdirSync(staging);
    copyFileSync(path.join(work, 'package', 'bin', 'rg'), path.join(staging, 'rg'));
    const cache = path.join(tmpDir, `vscode-ripgrep-cache-${packageVersion}`);
    mkdirSync(cache, { recursive: true });
    const tar = await run('tar', ['czf', path.join(cache, asset), '-C', staging, 'rg'], { quiet: true });
    if (tar.code !== 0) throw new Error(`cannot build the ripgrep archive: ${tar.output}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
