import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../infra/local/listen';
import { LOCAL_MODEL_IDS, startLocalStack } from '../../../infra/local/stack';
import { modelsCheck } from '../../../src/doctor/modelsCheck';
import type { DoctorSettings } from '../../../src/doctor/context';
import { contextFor, doctorDeps } from './doctorDeps';

const signal = new AbortController().signal;
type Stack = Awaited<ReturnType<typeof startLocalStack>>;

describe('doctor/modelsCheck: /models and askBedrock.modelId (real local stack)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startLocalStack({ port: 0 });
  });
  after(async () => {
    await stack.close();
  });
  const run = (settings: Partial<DoctorSettings>, endpoint = stack.endpoint) => modelsCheck.run(contextFor(doctorDeps(endpoint, settings)), signal);

  it('lists the protocol, the allowed models and the default; an empty modelId uses the default', async () => {
    const result = await run({});
    assert.equal(result.status, 'pass', result.detail);
    assert.match(result.detail, new RegExp(`protocol 2; allowed: ${LOCAL_MODEL_IDS.join(', ').replace(/[.]/g, '\\.')}`));
    assert.match(result.detail, /the default is used/);
  });

  it('an allowed modelId passes; one the deployment does not allow fails, listing the allowed ones', async () => {
    assert.match((await run({ modelId: 'demo' })).detail, /askBedrock.modelId demo is allowed/);
    const result = await run({ modelId: 'anthropic.claude-v2' });
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /modelId is anthropic\.claude-v2, which this deployment does not allow \(allowed: .*demo/);
    assert.match(result.fix ?? '', /allowedModelIds/);
  });

  it('an endpoint without /models (protocol 1) is a note, not a failure', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Missing Authentication Token"}'));
    await listen(server, 0, '127.0.0.1');
    try {
      const result = await run({ modelId: 'anything' }, `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`);
      assert.equal(result.status, 'info');
      assert.match(result.detail, /no model list/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
