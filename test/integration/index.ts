/** Entry point the VS Code extension host loads (extensionTestsPath) for the integration tests. */
import { runMochaInHost } from '../host/mochaInHost';

/** Runs every `*.test.js` bundled beside this file; rejects when any test fails. */
export function run(): Promise<void> {
  return runMochaInHost(__dirname, /\.test\.js$/, 'integration');
}
