import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

/** The bench's browser scripts, built into a temporary folder. */
export interface BenchScripts {
  probe: string;
  naive: string;
  floor: string;
  dispose(): Promise<void>;
}

/** Bundles the probe and the baselines (naive, floor) the way esbuild.js bundles the webview (IIFE, ES2022, minified). */
export async function bundleBenchScripts(): Promise<BenchScripts> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ask-bedrock-webview-bench-'));
  await build({
    entryPoints: {
      probe: path.join(__dirname, 'probe.ts'),
      naive: path.join(__dirname, 'naiveRenderer.ts'),
      floor: path.join(__dirname, 'floorRenderer.ts'),
    },
    outdir: dir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  return {
    probe: path.join(dir, 'probe.js'),
    naive: path.join(dir, 'naive.js'),
    floor: path.join(dir, 'floor.js'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
