import * as assert from 'node:assert/strict';
import { startLocalStack } from '../../../infra/local/stack';
import { noAuth } from '../../../src/transport/auth';
import { streamAnswer } from '../../../src/transport/streamAnswer';
import { createDispatcher } from '../../../src/transport/dispatcher';
import { settledHeap } from '../../support/settledHeap';

const STREAMS = 50;

describe('load: concurrent streams through the local stack (loopback only)', function () {
  this.timeout(120_000);

  it(`${STREAMS} concurrent streams: each answer byte-identical to what the model sent, no cross-talk, memory returns`, async () => {
    const stack = await startLocalStack({ port: 0, fake: { firstTokenDelayMs: 5, tokensPerSecond: 400 } });
    const dispatcher = createDispatcher({ connectMs: 5000, firstByteMs: 30_000, idleMs: 30_000 }, {}, {});
    try {
      // Each prompt is unique and echoed back byte for byte, in many deltas, mixed scripts included.
      const prompt = (i: number) => `[[fake:echo]] stream #${i} ${'ストリーム'.repeat(i % 5)} ${'payload-'.repeat(20 + i)} end#${i}`;
      const runRound = () =>
        Promise.all(
          Array.from({ length: STREAMS }, async (_, i) => {
            let text = '';
            let deltas = 0;
            for await (const e of streamAnswer({ endpoint: stack.endpoint, auth: noAuth, dispatcher }, { prompt: prompt(i) }, new AbortController().signal)) {
              if (e.type === 'delta') {
                text += e.text;
                deltas++;
              }
            }
            return { i, text, deltas };
          }),
        );

      await runRound(); // warm up pools and JIT before measuring memory
      const before = await settledHeap();
      const deadline = Date.now() + 60_000;
      const results = await runRound();
      assert.ok(Date.now() < deadline, 'the round finished within its time bound');
      for (const r of results) {
        assert.equal(r.text, prompt(r.i), `stream ${r.i} received exactly its own answer`);
        assert.ok(r.deltas > 3, `stream ${r.i} arrived in pieces (${r.deltas})`);
      }
      const sent = stack.fake?.requests.slice(-STREAMS) ?? [];
      assert.equal(sent.length, STREAMS, 'the fake saw every request once');

      const after = await settledHeap();
      const growthMb = (after - before) / 2 ** 20;
      assert.ok(growthMb < 8, `heap grew by ${growthMb.toFixed(1)} MB after ${STREAMS} streams`);
    } finally {
      await dispatcher.close();
      await stack.close();
    }
  });
});
