import * as assert from 'node:assert/strict';
import type { AuthMode } from '../../../src/protocol/wire';
import { clockCheck } from '../../../src/doctor/clockCheck';
import { contextFor, doctorDeps } from './doctorDeps';

const signal = new AbortController().signal;
const run = (auth: AuthMode, skewMs: number | undefined) => {
  const context = contextFor(doctorDeps('http://127.0.0.1:1/chat', { auth }));
  if (skewMs !== undefined) context.clocks = { endpointMs: 1_000_000_000, localMs: 1_000_000_000 + skewMs };
  return clockCheck.run(context, signal);
};

describe('doctor/clockCheck: clock skew for SigV4', () => {
  it('a clock within 5 minutes of the endpoint\'s passes', async () => {
    const result = await run('iam', 4 * 60_000);
    assert.equal(result.status, 'pass');
    assert.match(result.detail, /within 240 s/);
  });

  it('more than 5 minutes off fails with IAM auth, saying which way', async () => {
    const ahead = await run('iam', 6 * 60_000);
    assert.equal(ahead.status, 'fail');
    assert.match(ahead.detail, /6 min ahead of/);
    assert.match(ahead.fix ?? '', /NTP/);
    assert.match((await run('iam', -3 * 3600_000)).detail, /3 h behind/);
  });

  it('without SigV4 a skew is only a note; without a Date header nothing is decided', async () => {
    assert.equal((await run('apiKey', 6 * 60_000)).status, 'info');
    assert.equal((await run('none', 6 * 60_000)).status, 'info');
    const noDate = await run('iam', undefined);
    assert.equal(noDate.status, 'info');
    assert.match(noDate.detail, /no Date header/);
  });
});
