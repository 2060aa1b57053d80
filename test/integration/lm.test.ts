import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelsResponse } from '../../src/protocol/wire';
import { ENDPOINT_FAULTS, json, startFaultServer, type Fault, type FaultServer } from '../fixtures/faults/endpointFaults';
import { activateExtension, useLocalStack, waitFor, type LocalStack } from './helpers';

const VENDOR = 'ask-bedrock';

/** What a sendRequest produced: the parts in order, and the error the stream ended with, if any. */
async function collect(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], options: vscode.LanguageModelChatRequestOptions = {}, token?: vscode.CancellationToken, onPart?: (part: unknown, index: number) => void) {
  const parts: unknown[] = [];
  let error: unknown;
  try {
    const response = await model.sendRequest(messages, options, token);
    for await (const part of response.stream) {
      parts.push(part);
      onPart?.(part, parts.length);
    }
  } catch (err) {
    error = err;
  }
  const text = parts.flatMap((p) => (p instanceof vscode.LanguageModelTextPart ? [p.value] : [])).join('');
  return { parts, text, error };
}

async function endpointModels(): Promise<vscode.LanguageModelChat[]> {
  return vscode.lm.selectChatModels({ vendor: VENDOR });
}

suite('Ask Bedrock → language model provider (vscode.lm, local stack)', function () {
  this.timeout(90_000);
  let stack: LocalStack;
  const gatewayLog: Record<string, unknown>[] = [];

  suiteSetup(async () => {
    await activateExtension();
    stack = await useLocalStack({
      fake: { firstTokenDelayMs: 20, tokensPerSecond: 400 },
      log: (line) => {
        try {
          gatewayLog.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a JSON line
        }
      },
    });
  });
  suiteTeardown(async () => {
    await stack?.close();
  });

  test('selectChatModels lists the /models entries with their limits', async () => {
    const catalogue = (await (await fetch(stack.modelsUrl)).json()) as ModelsResponse;
    assert.ok(catalogue.models.length >= 2, 'the local catalogue has several models');
    const models = await endpointModels();
    assert.deepEqual(
      models.map((m) => m.id),
      catalogue.models.map((m) => m.id),
    );
    for (const [i, model] of models.entries()) {
      const entry = catalogue.models[i];
      assert.equal(model.vendor, VENDOR);
      assert.equal(model.name, entry.name);
      assert.equal(model.maxInputTokens, entry.contextTokens - Math.min(entry.maxOutputTokens, catalogue.limits.maxTokens), `${entry.id}: context minus the output the deployment allows`);
    }
    assert.equal(await models[0].countTokens('abcdefgh'), 2, 'ceil(chars / 4)');
  });

  test('sendRequest streams text in several parts', async () => {
    const [model] = await endpointModels();
    const { parts, text, error } = await collect(model, [vscode.LanguageModelChatMessage.User('How do I stream from Lambda?')]);
    assert.equal(error, undefined, String(error));
    assert.match(text, /stream from Lambda/, 'the demo model quotes the question');
    assert.ok(parts.length > 3, `the answer arrived in ${parts.length} parts`);
    assert.equal(stack.fake?.requests.at(-1)?.modelId, model.id, 'the picked model reached Bedrock');
  });

  test('a tool round trip: the forced call arrives as a tool-call part, its result goes back, the answer uses it', async () => {
    const model = (await endpointModels()).find((m) => m.id !== 'demo') ?? (await endpointModels())[0];
    const tool: vscode.LanguageModelChatTool = {
      name: 'lookupWeather',
      description: 'The weather in a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    };
    const question = vscode.LanguageModelChatMessage.User('What is the weather in Kyoto?');
    const first = await collect(model, [question], { tools: [tool], toolMode: vscode.LanguageModelChatToolMode.Required });
    assert.equal(first.error, undefined, String(first.error));
    const calls = first.parts.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    assert.equal(calls.length, 1, 'one tool call');
    assert.equal(calls[0].name, 'lookupWeather');
    assert.equal(typeof (calls[0].input as { city?: unknown }).city, 'string', 'the input follows the schema');
    assert.deepEqual(stack.fake?.requests.at(-1)?.body.toolConfig?.toolChoice, { tool: { name: 'lookupWeather' } }, 'Required with one tool forces that tool');

    const second = await collect(
      model,
      [
        question,
        vscode.LanguageModelChatMessage.Assistant([calls[0]]),
        vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(calls[0].callId, [new vscode.LanguageModelTextPart('Sunny, 21 degrees')])]),
      ],
      { tools: [tool] },
    );
    assert.equal(second.error, undefined, String(second.error));
    assert.match(second.text, /Sunny, 21 degrees/, 'the final answer reports the tool result');
    assert.ok(!second.parts.some((p) => p instanceof vscode.LanguageModelToolCallPart), 'no further call');
  });

  test('cancelling mid-stream aborts the HTTP request to the endpoint (VS Code 1.104: the cancellation never reaches the provider)', async () => {
    // VS Code 1.104's extension host passes a vscode.lm caller's token on only while sendRequest is
    // pending, not once the stream runs (its $tryStartChatRequest); later hosts (1.139) pass it on.
    if (vscode.version.startsWith('1.104.')) {
      const [model] = await endpointModels();
      const cts = new vscode.CancellationTokenSource();
      const result = await collect(model, [vscode.LanguageModelChatMessage.User('one two three four five six [[fake:echo]] [[fake:rate=50]]')], {}, cts.token, (_p, i) => {
        if (i === 2) cts.cancel();
      });
      assert.match(result.text, /one two three four five six/, 'on 1.104 the answer runs to its end (if this fails, the host now passes the cancellation on: drop this branch)');
      return;
    }
    const [model] = await endpointModels();
    const cts = new vscode.CancellationTokenSource();
    const before = gatewayLog.length;
    const started = Date.now();
    const result = await collect(
      model,
      [vscode.LanguageModelChatMessage.User('Count slowly: one two three four five six seven eight nine ten eleven twelve [[fake:echo]] [[fake:rate=10]]')],
      {},
      cts.token,
      (_part, index) => {
        if (index === 2) cts.cancel();
      },
    );
    assert.ok(result.parts.length < 6, `the stream stopped at the cancel (${result.parts.length} parts)`);
    assert.ok(Date.now() - started < 3000, 'and at once, not when the answer ended');
    // The gateway logs a request when the Lambda finishes; it records when the client left before the answer ended.
    await waitFor(() => gatewayLog.slice(before).some((l) => typeof l.clientLeftAfterMs === 'number'), 'the gateway saw the client leave', 20_000);
    const line = gatewayLog.slice(before).find((l) => typeof l.clientLeftAfterMs === 'number');
    assert.ok((line?.clientLeftAfterMs as number) < (line?.latencyMs as number), 'the connection closed before the Lambda ended the answer');
  });

  test('a throttled answer surfaces as an error, with the partial text', async () => {
    const [model] = await endpointModels();
    const { text, error } = await collect(model, [vscode.LanguageModelChatMessage.User('Trigger [[fake:mid-throttle]]')]);
    assert.ok(error instanceof Error, 'an error, not an empty success');
    assert.match(error.message, /thrott/i);
    assert.ok(text.length > 0, 'the text before it arrived');
  });
});

suite('Ask Bedrock → language model provider: endpoint failures (scripted endpoint)', function () {
  this.timeout(60_000);
  let server: FaultServer;
  const config = () => vscode.workspace.getConfiguration('askBedrock');
  /** Plays a fault for the chat route; `GET /models` answers 404, as a v1 endpoint does. */
  const playForChat = (name: string) => {
    const fault = ENDPOINT_FAULTS.find((f) => f.name === name) as Fault;
    assert.ok(fault, name);
    server.play((req, res, socket) => (req.method === 'GET' ? json(res, 404, { message: 'Not Found' }) : fault.serve(req, res, socket)));
    return fault;
  };

  suiteSetup(async () => {
    await activateExtension();
    server = await startFaultServer();
    await config().update('endpoint', server.endpoint, vscode.ConfigurationTarget.Global);
    await config().update('auth', 'none', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await server?.close();
  });

  test('a v1 endpoint (no /models) gives one model: the endpoint default, with conservative limits', async () => {
    playForChat('reset mid-stream');
    const models = await endpointModels();
    assert.deepEqual(
      models.map((m) => [m.id, m.name, m.maxInputTokens]),
      [['endpoint-default', 'Endpoint default', 32_000]],
    );
  });

  test('a 403 surfaces as NoPermissions with the message the user needs', async () => {
    playForChat('403 Forbidden (API key)');
    const [model] = await endpointModels();
    const { parts, error } = await collect(model, [vscode.LanguageModelChatMessage.User('Hello')]);
    assert.equal(parts.length, 0);
    assert.ok(error instanceof Error, 'an error, not an empty answer');
    assert.match(error.message, /API key/);
    assert.ok(error instanceof vscode.LanguageModelError && error.code === vscode.LanguageModelError.NoPermissions().code, `NoPermissions (got ${(error as { code?: string }).code})`);
  });

  test('a cut stream surfaces as an error after the text so far, never as an empty success', async () => {
    for (const name of ['a stream with no end', 'reset mid-stream']) {
      const fault = playForChat(name);
      const [model] = await endpointModels();
      const { text, error } = await collect(model, [vscode.LanguageModelChatMessage.User('Hello')]);
      assert.ok(error instanceof Error, `${name}: an error`);
      assert.match(error.message, fault.expect.message, name);
      assert.equal(text, fault.expect.text, `${name}: the text before the cut arrived`);
    }
  });
});
