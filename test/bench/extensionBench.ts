import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { limitFigure, infoFigure, type Figure } from './figures';
import type { BenchSection } from './run';

const repo = path.resolve(__dirname, '..', '..');
const kb = (file: string) => statSync(path.join(repo, file)).size / 1024;

let built = false;

/** Builds dist/ as it ships (minified), once per bench run: every section that needs it calls this. */
export function buildProduction(): void {
  if (built) return;
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
  built = true;
}

/** Production bundle sizes of the extension and the webview. Activation time is measured in the host (editorBench). */
export const extensionBench: BenchSection = {
  name: 'extension',
  async run(): Promise<Figure[]> {
    buildProduction();
    const stage = 'Extension';
    return [
      limitFigure({ stage, name: 'dist/extension.js (minified)', unit: 'KB' }, [kb('dist/extension.js')], 600),
      infoFigure({ stage, name: 'dist/undici.js (HTTP client, loaded with the first request)', unit: 'KB' }, [kb('dist/undici.js')]),
      infoFigure({ stage, name: 'dist/iam.js (loaded only with auth=iam)', unit: 'KB' }, [kb('dist/iam.js')]),
      // 200 KB until panel v2 (model picker, chips, thinking, header, lazy history): libraries are 173 KB of it.
      limitFigure({ stage, name: 'webview JS (minified)', unit: 'KB' }, [kb('dist/webview/chat.js')], 240),
      infoFigure({ stage, name: 'webview CSS', unit: 'KB' }, [kb('dist/webview/chat-style.css')]),
    ];
  },
};
