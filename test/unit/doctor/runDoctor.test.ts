import * as assert from 'node:assert/strict';
import { startLocalStack } from '../../../infra/local/stack';
import type { Check } from '../../../src/doctor/check';
import { formatReport } from '../../../src/doctor/report';
import { CHECKS, runDoctor } from '../../../src/doctor/runDoctor';
import { doctorDeps } from './doctorDeps';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;
const marks = (text: string) => text.split('\n').filter((line) => /^[✓✗–] /.test(line)).map((line) => line.slice(0, 1)).join('');

describe('doctor/runDoctor: every check in order against the real local stack', function () {
  this.timeout(60_000);
  const stacks: Stack[] = [];
  after(async () => {
    for (const stack of stacks) await stack.close();
  });
  const stack = async (options: Parameters<typeof startLocalStack>[0]) => {
    const started = await startLocalStack({ port: 0, ...options });
    stacks.push(started);
    return started;
  };

  it('a healthy endpoint: all green, the answer streams, the report says so with no fix', async () => {
    const healthy = await stack({ fake: { firstTokenDelayMs: 200, tokensPerSecond: 40 } });
    const progress: string[] = [];
    const report = await runDoctor(doctorDeps(healthy.endpoint), { signal: new AbortController().signal, onProgress: (title) => progress.push(title) });
    assert.deepEqual(progress, CHECKS.map((check) => check.title), 'each check reports progress, in order');
    assert.equal(report.firstFailure, undefined, formatReport(report));
    const streaming = report.lines.find((line) => line.title === 'Streaming');
    assert.equal(streaming?.status, 'pass');
    assert.match(streaming?.detail ?? '', /streams: \d+ chunks spread over \d+ ms of \d+ ms; first byte after \d+ ms/);
    assert.ok(report.answered && report.answered.firstByteMs >= 0 && report.answered.model.length > 0, 'the model and time to first byte are kept');
    const text = formatReport(report);
    assert.equal(marks(text), '✓✓–✓✓✓✓', text);
    assert.match(text, /^Ask Bedrock — endpoint check \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\nEndpoint: http:\/\/127\.0\.0\.1:\d+\/chat\nAuth: none; model: \(endpoint default\)\n/);
    assert.match(text, /Every check passed\.\n$/);
  });

  it('a buffering endpoint (the local gateway with responseTransferMode BUFFERED) fails Streaming, named as buffered', async () => {
    const buffered = await stack({ fake: { firstTokenDelayMs: 200, tokensPerSecond: 200 }, responseTransferMode: 'BUFFERED' });
    const report = await runDoctor(doctorDeps(buffered.endpoint), { signal: new AbortController().signal });
    assert.equal(report.firstFailure?.title, 'Streaming', formatReport(report));
    assert.match(report.firstFailure.detail, /buffered, not streamed: all \d+ chunks arrived within \d+ ms/);
    assert.match(formatReport(report), /To fix "Streaming": .*responseTransferMode STREAM/);
  });

  it('after a blocking failure the rest are listed as not run, and the fix is the first failure\'s', async () => {
    const open = await stack({});
    const report = await runDoctor(doctorDeps(`${open.url}/prod/chat`), { signal: new AbortController().signal });
    const text = formatReport(report);
    assert.equal(marks(text), '✓✓–✓✗––', text);
    assert.match(text, /– Models \(\/models\) +not run: fix the failure above first/);
    assert.match(text, /To fix "Auth": Use the ChatEndpoint output/);
  });

  it('the report lines its details up in one column, Japanese titles (two columns a character) included', async () => {
    const pass = (title: string): Check => ({ title, blocking: false, run: async () => ({ status: 'pass', detail: 'ok' }) });
    const report = await runDoctor(doctorDeps('http://127.0.0.1:1/chat'), { signal: new AbortController().signal, checks: [pass('URL の形式'), pass('認証'), pass('Auth')] });
    const rows = formatReport(report).split('\n').filter((line) => line.startsWith('✓ '));
    const detailColumn = (row: string) => [...row.slice(0, row.lastIndexOf('ok'))].reduce((n, ch) => n + (/[\u3000-\u9fff]/.test(ch) ? 2 : 1), 0);
    assert.deepEqual(rows.map(detailColumn), [14, 14, 14], rows.join('\n'));
  });

  it('a check that throws fails with the error\'s message; a non-blocking failure lets the next run', async () => {
    const throws: Check = { title: 'Throws', blocking: false, run: async () => Promise.reject(new Error('boom')) };
    const after: Check = { title: 'After', blocking: true, run: async () => ({ status: 'pass', detail: 'ran' }) };
    const report = await runDoctor(doctorDeps('http://127.0.0.1:1/chat'), { signal: new AbortController().signal, checks: [throws, after] });
    assert.deepEqual(
      report.lines.map((line) => [line.title, line.status, line.detail]),
      [
        ['Throws', 'fail', 'boom'],
        ['After', 'pass', 'ran'],
      ],
    );
    assert.match(formatReport(report), /To fix "Throws": boom/);
  });
});
