import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { decodeSseEvent, DEFAULT_MODEL_ID, HEARTBEAT_COMMENT, PROTOCOL_VERSION_2, type ChatMessage, type ChatRequest, type ModelsResponse, type StreamEvent, type ToolSpec } from '../../../../src/protocol/wire';
import { iamAuth, noAuth } from '../../../../src/transport/auth';
import { createDispatcher } from '../../../../src/transport/dispatcher';
import { fetchModels } from '../../../../src/transport/models';
import { streamAnswer, type AnswerEvent } from '../../../../src/transport/streamAnswer';
import { startLocalStack } from '../../../../infra/local/stack';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * Wire protocol v2 end to end: the real Lambda handler behind the local API Gateway, the real
 * Bedrock SDK against the fake Bedrock (real eventstream), the answer read as SSE.
 */
describe('local stack, wire protocol v2 (real handler, real SDK, fake Bedrock)', () => {
  const fast = { firstTokenDelayMs: 0, tokensPerSecond: 0 };
  const weather: ToolSpec = {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  interface Answer {
    status: number;
    contentType: string;
    text: string;
    events: StreamEvent[];
    pings: number;
  }

  async function chat(s: Stack, body: ChatRequest): Promise<Answer> {
    const r = await request(s.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ protocol: PROTOCOL_VERSION_2, ...body }) });
    const text = await r.body.text();
    const events: StreamEvent[] = [];
    let pings = 0;
    for (const frame of text.split('\n\n')) {
      if (frame === '') continue;
      if (`${frame}\n\n` === HEARTBEAT_COMMENT) pings++;
      const lines = frame.split('\n');
      const name = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      const event = data === undefined ? undefined : decodeSseEvent(name, data);
      if (event) events.push(event);
    }
    return { status: r.statusCode, contentType: String(r.headers['content-type']), text, events, pings };
  }
  const deltas = (a: Answer) => a.events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
  const end = (a: Answer) => {
    const e = a.events[a.events.length - 1];
    assert.equal(e?.type, 'end', `last event: ${JSON.stringify(e)} (status ${a.status}: ${a.text.slice(0, 300)})`);
    return e as Extract<StreamEvent, { type: 'end' }>;
  };

  describe('tools, reasoning, caching, guardrail', () => {
    let s: Stack;
    before(async () => {
      s = await startLocalStack({ fake: fast, env: { GUARDRAIL_ID: 'gr-local', GUARDRAIL_VERSION: '1', GUARDRAIL_STREAM_MODE: 'sync' } });
    });
    after(() => s.close());
    beforeEach(() => s.fake!.cache.clear());

    it('a forced tool call round trip: toolUse with a complete input → the result sent back with the assistant turn → the final answer', async () => {
      const question: ChatMessage = { role: 'user', content: 'What is the weather in Paris?' };
      const first = await chat(s, { messages: [question], tools: [weather], toolChoice: { name: 'get_weather' } });
      assert.equal(first.status, 200);
      assert.deepEqual(first.events[0], { ...first.events[0], type: 'start', protocol: 2 });
      const call = first.events.find((e) => e.type === 'toolUse');
      assert.ok(call && call.type === 'toolUse', first.text);
      assert.equal(call.name, 'get_weather');
      assert.equal(typeof (call.input as { city?: unknown }).city, 'string');
      assert.equal(end(first).stopReason, 'tool_use');

      const second = await chat(s, {
        messages: [
          question,
          { role: 'assistant', content: [{ type: 'toolUse', id: call.id, name: call.name, input: call.input }] },
          { role: 'user', content: [{ type: 'toolResult', id: call.id, content: [{ type: 'text', text: 'sunny, 21 °C' }] }] },
        ],
        tools: [weather],
      });
      assert.equal(second.status, 200, second.text);
      assert.match(deltas(second), /sunny, 21 °C/);
      assert.equal(end(second).stopReason, 'end_turn');
      const sent = s.fake!.requests[s.fake!.requests.length - 1].body;
      assert.equal(sent.messages?.[2].content[0].toolResult?.toolUseId, call.id, 'the toolResult reached Bedrock');
    });

    it('reasoning then text; with a tool call, the reasoning and its signature go back on the next turn and Bedrock accepts them', async () => {
      const plain = await chat(s, { messages: [{ role: 'user', content: 'Why is the sky blue?' }], maxTokens: 4096, reasoning: { budgetTokens: 2048 } });
      const kinds = plain.events.map((e) => (e.type === 'reasoning' ? `reasoning:${Object.keys(e).filter((k) => k !== 'type')[0]}` : e.type));
      const firstDelta = kinds.indexOf('delta');
      assert.ok(kinds.indexOf('reasoning:text') > 0 && kinds.indexOf('reasoning:signature') > kinds.lastIndexOf('reasoning:text') && firstDelta > kinds.indexOf('reasoning:signature'), kinds.join(' '));
      assert.equal(end(plain).stopReason, 'end_turn');

      const question: ChatMessage = { role: 'user', content: 'Use get_weather for Paris, please.' };
      const first = await chat(s, { messages: [question], tools: [weather], maxTokens: 4096, reasoning: { budgetTokens: 2048 } });
      const thought = first.events.flatMap((e) => (e.type === 'reasoning' && 'text' in e ? [e.text] : [])).join('');
      const signature = first.events.flatMap((e) => (e.type === 'reasoning' && 'signature' in e ? [e.signature] : []))[0];
      const call = first.events.find((e) => e.type === 'toolUse');
      assert.ok(thought && signature && call?.type === 'toolUse', first.text);
      assert.equal(end(first).stopReason, 'tool_use');
      const next = (text: string) =>
        chat(s, {
          messages: [
            question,
            { role: 'assistant', content: [{ type: 'reasoning', text, signature }, { type: 'toolUse', id: call.id, name: call.name, input: call.input }] },
            { role: 'user', content: [{ type: 'toolResult', id: call.id, content: [{ type: 'json', json: { tempC: 21 } }] }] },
          ],
          tools: [weather],
          maxTokens: 4096,
          reasoning: { budgetTokens: 2048 },
        });
      const second = await next(thought);
      assert.equal(second.status, 200, second.text);
      assert.match(deltas(second), /"tempC":21/);
      // The fake checks the signature like Bedrock: the same turn with altered reasoning is refused.
      const tampered = await next(`${thought} (edited)`);
      assert.ok(tampered.status !== 200 || tampered.events.some((e) => e.type === 'error'), tampered.text);
    });

    it('prompt caching: the first request writes the cache, the second reads it (end.usage)', async () => {
      const system = `You are a careful reviewer. ${'Context line for the cache. '.repeat(400)}`;
      const first = end(await chat(s, { system, messages: [{ role: 'user', content: 'First question?' }] }));
      assert.ok((first.usage?.cacheWriteInputTokens ?? 0) >= 1024, JSON.stringify(first.usage));
      assert.equal(first.usage?.cacheReadInputTokens ?? 0, 0);
      const second = end(await chat(s, { system, messages: [{ role: 'user', content: 'Second question?' }] }));
      assert.ok((second.usage?.cacheReadInputTokens ?? 0) >= 1024, JSON.stringify(second.usage));
      assert.ok((second.usage?.inputTokens ?? Infinity) < (second.usage?.cacheReadInputTokens ?? 0), 'most input is read from the cache');
      const optOut = end(await chat(s, { system, cache: false, messages: [{ role: 'user', content: 'Third question?' }] }));
      assert.equal((optOut.usage?.cacheReadInputTokens ?? 0) + (optOut.usage?.cacheWriteInputTokens ?? 0), 0, JSON.stringify(optOut.usage));
    });

    it('a guardrail stop: the guardrail event names the policy, and the answer ends with guardrail_intervened', async () => {
      const a = await chat(s, { messages: [{ role: 'user', content: 'Something the guardrail blocks [[fake:guardrail]]' }] });
      assert.equal(a.status, 200);
      const g = a.events.find((e) => e.type === 'guardrail');
      assert.ok(g && g.type === 'guardrail', a.text);
      assert.deepEqual(g.policies, ['content:VIOLENCE']);
      assert.equal(end(a).stopReason, 'guardrail_intervened');
      assert.equal(s.fake!.requests[s.fake!.requests.length - 1].body.guardrailConfig?.guardrailIdentifier, 'gr-local');
    });

    it('other stop reasons pass through (max_tokens)', async () => {
      assert.equal(end(await chat(s, { messages: [{ role: 'user', content: 'long [[fake:stop:max_tokens]]' }] })).stopReason, 'max_tokens');
    });
  });

  describe('silent reasoning and heartbeats (the 90-second case, scaled down: 3 s of silence, heartbeat 500 ms, client idle timeout 1.5 s)', () => {
    const prompt = 'Think hard first [[fake:silent-reason:3000]]';
    async function answerWith(heartbeatMs: number): Promise<{ events: AnswerEvent[]; error?: Error }> {
      const s = await startLocalStack({ fake: fast, env: { HEARTBEAT_MS: String(heartbeatMs) } });
      const dispatcher = createDispatcher({ connectMs: 2000, firstByteMs: 1500, idleMs: 1500 });
      const events: AnswerEvent[] = [];
      try {
        for await (const e of streamAnswer({ endpoint: s.endpoint, auth: noAuth, dispatcher }, { protocol: PROTOCOL_VERSION_2, messages: [{ role: 'user', content: prompt }] }, new AbortController().signal)) events.push(e);
        return { events };
      } catch (err) {
        return { events, error: err as Error };
      } finally {
        await dispatcher.close();
        await s.close();
      }
    }

    it('survives the idle timeout thanks to heartbeats, and the answer arrives whole', async function () {
      this.timeout(15_000);
      const { events, error } = await answerWith(500);
      assert.equal(error, undefined, String(error));
      assert.equal(events[events.length - 1].type, 'end');
      assert.ok(events.some((e) => e.type === 'delta'));
    });

    it('without heartbeats in time, the same silence trips the client idle timeout (so the heartbeat is what keeps it alive)', async function () {
      this.timeout(15_000);
      const { events, error } = await answerWith(60_000);
      assert.ok(error, `expected an idle timeout, got ${events.map((e) => e.type).join(',')}`);
      assert.equal(events.some((e) => e.type === 'end'), false);
    });

    it('heartbeats are `: ping` SSE comments, written only after the response opened', async function () {
      this.timeout(15_000);
      const s = await startLocalStack({ fake: fast, env: { HEARTBEAT_MS: '500' } });
      try {
        const a = await chat(s, { messages: [{ role: 'user', content: 'quiet [[fake:silent-reason:1600]]' }] });
        assert.ok(a.pings >= 2, `${a.pings} pings`);
        assert.ok(a.text.indexOf('event: start') < a.text.indexOf(HEARTBEAT_COMMENT), 'start comes first');
        assert.equal(end(a).stopReason, 'end_turn');
      } finally {
        await s.close();
      }
    });
  });

  describe('GET /models', () => {
    async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
      const r = await request(url, { method: 'GET', headers });
      const text = await r.body.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: compared as text
      }
      return { status: r.statusCode, json };
    }

    it('without prices: protocol 2, the allowed models from the catalogue, limits, no prices and no guardrail', async () => {
      const s = await startLocalStack({ fake: fast, env: { MAX_TOKENS_LIMIT: '8192' } });
      try {
        const { status, json } = await get(s.modelsUrl);
        assert.equal(status, 200);
        const m = json as ModelsResponse;
        assert.equal(m.protocol, 2);
        assert.equal(m.defaultModel, DEFAULT_MODEL_ID);
        assert.ok(m.models.some((x) => x.id === DEFAULT_MODEL_ID && x.tools && x.contextTokens > 0));
        assert.ok(m.models.every((x) => x.prices === undefined));
        assert.equal(m.limits.maxTokens, 8192);
        assert.equal(m.guardrail, undefined);
      } finally {
        await s.close();
      }
    });

    it('with prices and a guardrail configured: prices on that model only, and the guardrail', async () => {
      const prices = { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 };
      const s = await startLocalStack({ fake: fast, env: { MODEL_PRICES: JSON.stringify({ [DEFAULT_MODEL_ID]: prices }), GUARDRAIL_ID: 'gr-local', GUARDRAIL_VERSION: '2' } });
      try {
        const m = (await get(s.modelsUrl)).json as ModelsResponse;
        assert.deepEqual(m.models.find((x) => x.id === DEFAULT_MODEL_ID)?.prices, prices);
        assert.ok(m.models.filter((x) => x.id !== DEFAULT_MODEL_ID).every((x) => x.prices === undefined));
        assert.deepEqual(m.guardrail, { id: 'gr-local', version: '2' });
      } finally {
        await s.close();
      }
    });

    it('other methods and paths stay 403 Missing Authentication Token', async () => {
      const s = await startLocalStack({ fake: fast });
      try {
        const postModels = await request(s.modelsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        assert.deepEqual([postModels.statusCode, await postModels.body.json()], [403, { message: 'Missing Authentication Token' }]);
        assert.deepEqual(await get(s.endpoint), { status: 403, json: { message: 'Missing Authentication Token' } });
        assert.deepEqual(await get(`${s.url}/models/x`), { status: 403, json: { message: 'Missing Authentication Token' } });
      } finally {
        await s.close();
      }
    });

    it('apiKey auth is enforced on /models as on /chat', async () => {
      const s = await startLocalStack({ fake: fast, auth: 'apiKey', apiKey: 'k-models' });
      try {
        assert.deepEqual(await get(s.modelsUrl), { status: 403, json: { message: 'Forbidden' } });
        assert.deepEqual(await get(s.modelsUrl, { 'x-api-key': 'wrong' }), { status: 403, json: { message: 'Forbidden' } });
        const ok = await get(s.modelsUrl, { 'x-api-key': 'k-models' });
        assert.equal(ok.status, 200);
        assert.equal((ok.json as ModelsResponse).protocol, 2);
      } finally {
        await s.close();
      }
    });

    it('iam auth is enforced on /models: unsigned or wrongly signed → 403; the extension’s signed fetch gets the catalogue', async () => {
      const creds = { accessKeyId: 'AKIDLOCALMODELS', secretAccessKey: 'local-secret' };
      const s = await startLocalStack({ fake: fast, auth: 'iam', iamCredentials: creds, region: 'eu-west-1' });
      const dispatcher = createDispatcher({ connectMs: 2000, firstByteMs: 5000, idleMs: 5000 });
      try {
        assert.deepEqual(await get(s.modelsUrl), { status: 403, json: { message: 'Missing Authentication Token' } });
        const signedWith = (secretAccessKey: string) =>
          fetchModels({ endpoint: s.endpoint, auth: iamAuth({ region: 'eu-west-1', credentials: async () => ({ ...creds, secretAccessKey }) }), dispatcher }, new AbortController().signal);
        await assert.rejects(signedWith('not-the-secret'), /403|signature|forbidden|denied/i);
        const m = await signedWith(creds.secretAccessKey);
        assert.equal(m?.protocol, 2);
        assert.equal(m?.defaultModel, DEFAULT_MODEL_ID);
      } finally {
        await dispatcher.close();
        await s.close();
      }
    });
  });
});
