/** Entry point the VS Code extension host loads (extensionTestsPath) for the in-host benchmarks. */
import { runMochaInHost } from '../../host/mochaInHost';

/** Runs every `*.bench.js` bundled beside this file; rejects when any of them fails. */
export function run(): Promise<void> {
  return runMochaInHost(__dirname, /\.bench\.js$/, 'bench');
}
