import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

/** The repository root. */
export const REPO = path.resolve(__dirname, '..', '..');

/**
 * Bundles test/integration (index.ts and every *.test.ts) into out/test/integration for the
 * extension host; `vscode` comes from the host and `mocha` from the repo's node_modules.
 * Returns the path of the bundled index.js (the extensionTestsPath).
 */
export async function buildIntegrationTests(): Promise<string> {
  const srcDir = path.join(REPO, 'test', 'integration');
  const outDir = path.join(REPO, 'out', 'test', 'integration');
  const entries = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(srcDir, f));
  await build({
    entryPoints: entries,
    outdir: outDir,
    outbase: srcDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}
