import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

/** The repository root. */
export const REPO = path.resolve(__dirname, '..', '..');

/** A set of mocha suites to run inside the extension host, behind their own entry file. */
export interface HostSuites {
  /** Folder under out/test the bundle goes to. */
  name: string;
  /** Folder the suites are in (searched recursively). */
  dir: string;
  /** Which files in `dir` are suites; the bundled index runs them (`*.test.js` or `*.bench.js`). */
  pattern: RegExp;
  /** The entry file the host loads (bundled as index.js), which runs the suites beside it. */
  index: string;
}

/** The integration suites: test/integration/**\/*.test.ts. */
export const INTEGRATION_SUITES: HostSuites = {
  name: 'integration',
  dir: path.join(REPO, 'test', 'integration'),
  pattern: /\.test\.ts$/,
  index: path.join(REPO, 'test', 'integration', 'index.ts'),
};

/**
 * Bundles the suites (default: test/integration) with their entry file (`suites.index`) into
 * out/test/<name> for the extension host; `vscode` comes from the host and `mocha` from the
 * repo's node_modules. Returns the path of the bundled index.js (the extensionTestsPath).
 */
export async function buildIntegrationTests(suites: HostSuites = INTEGRATION_SUITES): Promise<string> {
  const outDir = path.join(REPO, 'out', 'test', suites.name);
  // The index runs every suite it finds beside it: leave none from an earlier build.
  rmSync(outDir, { recursive: true, force: true });
  const files = readdirSync(suites.dir, { recursive: true, encoding: 'utf8' }).filter((f) => suites.pattern.test(f));
  if (files.length === 0) throw new Error(`no suites matching ${suites.pattern} in ${suites.dir}`);
  await build({
    entryPoints: [
      { in: suites.index, out: 'index' },
      ...files.map((f) => ({ in: path.join(suites.dir, f), out: f.replace(/\.ts$/, '') })),
    ],
    outdir: outDir,
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
