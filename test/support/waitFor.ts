import * as assert from 'node:assert/strict';

/** Waits until `predicate` holds, polling every `intervalMs`; fails with `message` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, message: string, timeoutMs = 10_000, intervalMs = 25): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) assert.fail(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
