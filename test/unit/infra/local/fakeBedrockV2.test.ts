import * as assert from 'node:assert/strict';
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type Message,
  type Tool,
} from '@aws-sdk/client-bedrock-runtime';
import { FakeBedrock, GUARDRAIL_BLOCKED_MESSAGE } from '../../../../infra/local/fakeBedrock';
import { MIN_CACHE_CHECKPOINT_TOKENS } from '../../../../infra/local/fakePromptCache';
import { parseDirectives } from '../../../../infra/local/fakeScript';

/** The real SDK against the fake: what Bedrock v2 features look like on the wire. */
describe('infra/local fake Bedrock v2 (real SDK, real eventstream)', () => {
  let fake: FakeBedrock;
  let client: BedrockRuntimeClient;
  let clock = 1_000_000;

  before(async () => {
    fake = await FakeBedrock.start({ firstTokenDelayMs: 0, tokensPerSecond: 0, now: () => clock });
    client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await fake.close();
  });
  beforeEach(() => fake.cache.clear());

  async function converse(input: Partial<ConverseStreamCommandInput> & { messages: Message[] }): Promise<ConverseStreamOutput[]> {
    const out = await client.send(new ConverseStreamCommand({ modelId: 'demo', ...input }));
    const events: ConverseStreamOutput[] = [];
    for await (const e of out.stream!) events.push(e);
    return events;
  }
  async function rejection(input: Partial<ConverseStreamCommandInput> & { messages: Message[] }): Promise<{ name: string; status?: number; message: string }> {
    try {
      await converse(input);
    } catch (err) {
      const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
      return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
    }
    assert.fail('expected a ValidationException');
  }
  const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
  const text = (events: ConverseStreamOutput[]) => events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
  const stop = (events: ConverseStreamOutput[]) => events.find((e) => e.messageStop)?.messageStop?.stopReason;
  const usage = (events: ConverseStreamOutput[]) => events.find((e) => e.metadata)?.metadata?.usage;
  const weatherTool: Tool = {
    toolSpec: {
      name: 'get_weather',
      description: 'Weather for a city',
      inputSchema: { json: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'days', 'unit'] } },
    },
  };
  const thinking = (budget: number) => ({ thinking: { type: 'enabled', budget_tokens: budget } });

  describe('reasoning', () => {
    it('streams reasoning deltas, then the signature as the block\'s last delta, then the text in the next block', async () => {
      const events = await converse({ messages: [user('Why is the sky blue?')], inferenceConfig: { maxTokens: 4096 }, additionalModelRequestFields: thinking(2048) });
      const reasoning = events.filter((e) => e.contentBlockDelta?.delta?.reasoningContent);
      assert.ok(reasoning.length > 2);
      assert.ok(reasoning.every((e) => e.contentBlockDelta?.contentBlockIndex === 0));
      const last = reasoning[reasoning.length - 1].contentBlockDelta!.delta!.reasoningContent!;
      assert.ok('signature' in last && typeof last.signature === 'string' && last.signature.length > 20);
      const stops = events.flatMap((e) => (e.contentBlockStop ? [e.contentBlockStop.contentBlockIndex] : []));
      assert.deepEqual(stops, [0, 1]);
      assert.ok(events.filter((e) => e.contentBlockDelta?.delta?.text).every((e) => e.contentBlockDelta?.contentBlockIndex === 1));
      assert.match(text(events), /Why is the sky blue\?/);
      assert.equal(stop(events), 'end_turn');
    });

    it('sends no reasoning when thinking is not requested, and a redacted block on [[fake:redacted]]', async () => {
      const plain = await converse({ messages: [user('hi')] });
      assert.equal(plain.filter((e) => e.contentBlockDelta?.delta?.reasoningContent).length, 0);
      const redacted = await converse({ messages: [user('hi [[fake:redacted]]')], additionalModelRequestFields: thinking(1024) });
      const r = redacted.find((e) => e.contentBlockDelta?.delta?.reasoningContent)!.contentBlockDelta!.delta!.reasoningContent!;
      assert.ok('redactedContent' in r && r.redactedContent instanceof Uint8Array && r.redactedContent.length > 0);
    });

    it('[[fake:silent-reason:N]] keeps silent for N ms after messageStart', async () => {
      const out = await client.send(new ConverseStreamCommand({ modelId: 'demo', messages: [user('think [[fake:silent-reason:400]]')] }));
      const times: [string, number][] = [];
      const t0 = Date.now();
      for await (const e of out.stream!) times.push([Object.keys(e)[0], Date.now() - t0]);
      assert.equal(times[0][0], 'messageStart');
      assert.ok(times[1][1] >= 350, `next event after ${times[1][1]} ms`);
    });

    it('[[fake:reason-for:N]] streams reasoning deltas evenly over N ms, then the signature, then the text', async () => {
      const out = await client.send(new ConverseStreamCommand({ modelId: 'demo', messages: [user('think [[fake:reason-for:1500]]')] }));
      const reasoning: number[] = [];
      let signedAt = -1;
      let firstText = -1;
      const t0 = Date.now();
      for await (const e of out.stream!) {
        const d = e.contentBlockDelta?.delta;
        if (d?.reasoningContent && 'text' in d.reasoningContent) reasoning.push(Date.now() - t0);
        if (d?.reasoningContent && 'signature' in d.reasoningContent) signedAt = Date.now() - t0;
        if (d?.text && firstText < 0) firstText = Date.now() - t0;
      }
      assert.ok(reasoning[0] < 300, `first reasoning delta after ${reasoning[0]} ms`);
      assert.ok(firstText >= 1400, `first text after ${firstText} ms`);
      assert.ok(signedAt >= reasoning[reasoning.length - 1] && signedAt <= firstText, 'the signature closes the reasoning, before the text');
      assert.ok(reasoning.length >= 5, `${reasoning.length} reasoning deltas`);
      const gaps = [...reasoning.slice(1), firstText].map((t, i) => t - reasoning[i]);
      assert.ok(Math.max(...gaps) < 400, `reasoning keeps coming: gaps ${gaps.join(', ')} ms`);
    });

    it('accepts its own signed reasoning back on a tool turn and rejects a tampered one', async () => {
      const first = await converse({ messages: [user('weather? use get_weather')], toolConfig: { tools: [weatherTool] }, additionalModelRequestFields: thinking(2048) });
      const thought = first.map((e) => e.contentBlockDelta?.delta?.reasoningContent).filter((r) => r && 'text' in r).map((r) => (r as { text: string }).text).join('');
      const signature = first.map((e) => e.contentBlockDelta?.delta?.reasoningContent).find((r) => r && 'signature' in r) as { signature: string };
      const call = first.find((e) => e.contentBlockStart?.start?.toolUse)!.contentBlockStart!.start!.toolUse!;
      assert.equal(stop(first), 'tool_use');
      const turn = (signed: string): Message[] => [
        user('weather? use get_weather'),
        { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: signed, signature: signature.signature } } }, { toolUse: { toolUseId: call.toolUseId!, name: call.name!, input: {} } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: call.toolUseId!, content: [{ text: 'sunny, 21 C' }] } }] },
      ];
      const second = await converse({ messages: turn(thought), toolConfig: { tools: [weatherTool] }, additionalModelRequestFields: thinking(2048) });
      assert.match(text(second), /sunny, 21 C/);
      const tampered = await rejection({ messages: turn(`${thought}!`), toolConfig: { tools: [weatherTool] }, additionalModelRequestFields: thinking(2048) });
      assert.equal(tampered.name, 'ValidationException');
      assert.match(tampered.message, /Invalid `signature` in `thinking` block/);
      const missing = await rejection({
        messages: [turn(thought)[0], { role: 'assistant', content: [{ toolUse: { toolUseId: call.toolUseId!, name: call.name!, input: {} } }] }, turn(thought)[2]],
        toolConfig: { tools: [weatherTool] },
        additionalModelRequestFields: thinking(2048),
      });
      assert.match(missing.message, /must start with a thinking block/);
    });
  });

  describe('tools', () => {
    for (const toolChoice of [{ tool: { name: 'get_weather' } }, { any: {} }]) {
      it(`a forced toolChoice ${JSON.stringify(toolChoice)} always yields a valid call: toolUse start, JSON input fragments, stop tool_use`, async () => {
        const other: Tool = { toolSpec: { name: 'noop', inputSchema: { json: { type: 'object' } } } };
        const events = await converse({ messages: [user('hello')], toolConfig: { tools: [weatherTool, other], toolChoice: toolChoice as never } });
        const start = events.find((e) => e.contentBlockStart)!.contentBlockStart!;
        assert.equal(start.start?.toolUse?.name, 'get_weather');
        assert.match(start.start!.toolUse!.toolUseId!, /^tooluse_[\w-]{22}$/);
        const fragments = events.filter((e) => e.contentBlockDelta?.delta?.toolUse).map((e) => e.contentBlockDelta!.delta!.toolUse!.input!);
        assert.ok(fragments.length > 1, 'input arrives in fragments');
        assert.deepEqual(JSON.parse(fragments.join('')), { city: 'hello', days: 1, unit: 'c' });
        assert.ok(events.some((e) => e.contentBlockStop?.contentBlockIndex === start.contentBlockIndex));
        assert.equal(text(events), '');
        assert.equal(stop(events), 'tool_use');
      });
    }

    it('with auto it calls a tool the prompt names, else answers in text; after a tool result it answers from it', async () => {
      assert.equal(stop(await converse({ messages: [user('just chat')], toolConfig: { tools: [weatherTool] } })), 'end_turn');
      const call = await converse({ messages: [user('what does get_weather say for Paris?')], toolConfig: { tools: [weatherTool], toolChoice: { auto: {} } } });
      assert.equal(stop(call), 'tool_use');
      const id = call.find((e) => e.contentBlockStart)!.contentBlockStart!.start!.toolUse!.toolUseId!;
      const answer = await converse({
        messages: [
          user('what does get_weather say for Paris?'),
          { role: 'assistant', content: [{ toolUse: { toolUseId: id, name: 'get_weather', input: { city: 'Paris' } } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: id, content: [{ json: { temp: 18 } }] } }] },
        ],
        toolConfig: { tools: [weatherTool] },
      });
      assert.equal(stop(answer), 'end_turn');
      assert.match(text(answer), /\{"temp":18\}/);
    });
  });

  describe('ValidationException, as Bedrock rejects', () => {
    const cases: [string, Partial<ConverseStreamCommandInput> & { messages: Message[] }, RegExp][] = [
      ['thinking with a forced tool', { messages: [user('x')], toolConfig: { tools: [weatherTool], toolChoice: { any: {} } }, additionalModelRequestFields: thinking(1024) }, /Thinking may not be enabled when tool_choice forces tool use/],
      ['thinking with a changed temperature', { messages: [user('x')], inferenceConfig: { temperature: 0.2 }, additionalModelRequestFields: thinking(1024) }, /`temperature` may only be set to 1 when thinking is enabled/],
      ['thinking with a changed top_p', { messages: [user('x')], inferenceConfig: { topP: 0.5 }, additionalModelRequestFields: thinking(1024) }, /`top_p` must be greater than or equal to 0.95/],
      ['a thinking budget under 1024', { messages: [user('x')], additionalModelRequestFields: thinking(1023) }, /budget_tokens: Input should be greater than or equal to 1024/],
      ['a thinking budget not below maxTokens', { messages: [user('x')], inferenceConfig: { maxTokens: 2000 }, additionalModelRequestFields: thinking(2000) }, /`max_tokens` must be greater than `thinking.budget_tokens`/],
      ['a tool name outside [a-zA-Z0-9_-]', { messages: [user('x')], toolConfig: { tools: [{ toolSpec: { name: 'read file', inputSchema: { json: {} } } }] } }, /at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern/],
      ['a tool name over 64 characters', { messages: [user('x')], toolConfig: { tools: [{ toolSpec: { name: 'a'.repeat(65), inputSchema: { json: {} } } }] } }, /Member must have length less than or equal to 64/],
      [
        'more than 4 cache points',
        { messages: [{ role: 'user', content: [{ text: 'a' }, { cachePoint: { type: 'default' } }, { text: 'b' }, { cachePoint: { type: 'default' } }] }], system: [{ text: 's' }, { cachePoint: { type: 'default' } }, { text: 't' }, { cachePoint: { type: 'default' } }, { text: 'u' }, { cachePoint: { type: 'default' } }] },
        /A maximum of 4 blocks with cache_control may be provided. Found 5/,
      ],
      [
        'a toolResult without a matching toolUse',
        { messages: [user('x'), { role: 'assistant', content: [{ text: 'ok' }] }, { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_nope', content: [{ text: 'r' }] } }] }], toolConfig: { tools: [weatherTool] } },
        /unexpected `tool_use_id` found in `tool_result` blocks: tooluse_nope/,
      ],
      ['toolUse blocks without a toolConfig', { messages: [user('x'), { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: {} } }] }, user('y')] }, /toolConfig field must be defined/],
    ];
    for (const [title, input, message] of cases) {
      it(`rejects ${title}`, async () => {
        const before = fake.requests.length;
        const e = await rejection(input);
        assert.deepEqual([e.name, e.status], ['ValidationException', 400]);
        assert.match(e.message, message);
        assert.equal(fake.requests.length, before + 1);
      });
    }

    it('accepts the same requests once the offending part is fixed (the rules are not blanket rejections)', async () => {
      assert.equal(stop(await converse({ messages: [user('x')], inferenceConfig: { maxTokens: 2049, temperature: 1 }, additionalModelRequestFields: thinking(2048) })), 'end_turn');
      assert.equal(stop(await converse({ messages: [user('x')], toolConfig: { tools: [{ toolSpec: { name: 'read_file-2', inputSchema: { json: {} } } }] } })), 'end_turn');
    });
  });

  describe('prompt caching', () => {
    const big = 'x'.repeat(MIN_CACHE_CHECKPOINT_TOKENS * 4 + 100);
    const cached = (question: string): Partial<ConverseStreamCommandInput> & { messages: Message[] } => ({
      system: [{ text: big }, { cachePoint: { type: 'default' } }],
      messages: [user(question)],
    });

    it('writes a prefix at its cache point, then reads it on the next request; inputTokens counts only the rest', async () => {
      const first = usage(await converse(cached('first question')))!;
      assert.ok(first.cacheWriteInputTokens! >= MIN_CACHE_CHECKPOINT_TOKENS);
      assert.equal(first.cacheReadInputTokens, 0);
      const second = usage(await converse(cached('another, longer question')))!;
      assert.equal(second.cacheReadInputTokens, first.cacheWriteInputTokens);
      assert.equal(second.cacheWriteInputTokens, 0);
      assert.ok(second.inputTokens! > 0 && second.inputTokens! < 20, `uncached tokens: ${second.inputTokens}`);
      assert.equal(second.totalTokens, second.inputTokens! + second.outputTokens! + second.cacheReadInputTokens!);
    });

    it('expires after 5 minutes without a hit, and every hit refreshes the TTL; ttl 1h is honoured', async () => {
      usage(await converse(cached('q')));
      clock += 4 * 60_000;
      assert.ok(usage(await converse(cached('q')))!.cacheReadInputTokens! > 0);
      clock += 4 * 60_000; // 8 min after the write, 4 after the hit
      assert.ok(usage(await converse(cached('q')))!.cacheReadInputTokens! > 0);
      clock += 5 * 60_000 + 1;
      assert.equal(usage(await converse(cached('q')))!.cacheReadInputTokens, 0);
      const hour = { ...cached('q'), system: [{ text: big }, { cachePoint: { type: 'default', ttl: '1h' } }] } as Partial<ConverseStreamCommandInput> & { messages: Message[] };
      usage(await converse(hour));
      clock += 50 * 60_000;
      assert.ok(usage(await converse(hour))!.cacheReadInputTokens! > 0);
    });

    it('caches nothing below 1,024 tokens per checkpoint, and a changed prefix misses', async () => {
      const small = usage(await converse({ system: [{ text: 'short system prompt' }, { cachePoint: { type: 'default' } }], messages: [user('q')] }))!;
      assert.deepEqual([small.cacheReadInputTokens, small.cacheWriteInputTokens], [0, 0]);
      await converse(cached('q'));
      const changed = usage(await converse({ ...cached('q'), system: [{ text: `${big}!` }, { cachePoint: { type: 'default' } }] }))!;
      assert.equal(changed.cacheReadInputTokens, 0);
      assert.ok(changed.cacheWriteInputTokens! > 0);
    });

    it('reads the longest cached prefix, also at a block boundary before the cache point (the moving cache point of a conversation), and writes the rest', async () => {
      const turn1: Message[] = [{ role: 'user', content: [{ text: big }, { cachePoint: { type: 'default' } }] }];
      const a = usage(await converse({ ...cached('ignored'), messages: turn1 }))!;
      assert.ok(a.cacheWriteInputTokens! >= 2 * MIN_CACHE_CHECKPOINT_TOKENS, 'system and first turn written');
      const turn2: Message[] = [{ role: 'user', content: [{ text: big }] }, { role: 'assistant', content: [{ text: big }] }, { role: 'user', content: [{ text: 'next' }, { cachePoint: { type: 'default' } }] }];
      const b = usage(await converse({ ...cached('ignored'), messages: turn2 }))!;
      assert.equal(b.cacheReadInputTokens, a.cacheWriteInputTokens, 'everything turn 1 wrote is read');
      assert.ok(b.cacheWriteInputTokens! >= MIN_CACHE_CHECKPOINT_TOKENS && b.cacheWriteInputTokens! < a.cacheWriteInputTokens!, 'only the new turns are written');
    });

    it('reports no cache fields when the request has no cache point', async () => {
      const u = usage(await converse({ messages: [user('q')] }))!;
      assert.equal(u.cacheReadInputTokens, undefined);
      assert.equal(u.cacheWriteInputTokens, undefined);
    });
  });

  describe('guardrails and stop reasons', () => {
    const guardrailConfig = { guardrailIdentifier: 'gr-123', guardrailVersion: '1', trace: 'enabled' as const };

    it('sync (default): nothing of the blocked output is streamed; the blocked message, guardrail_intervened and the trace come instead', async () => {
      const events = await converse({ messages: [user('tell me [[fake:guardrail]]')], guardrailConfig });
      assert.equal(text(events), GUARDRAIL_BLOCKED_MESSAGE);
      assert.equal(stop(events), 'guardrail_intervened');
      const trace = events.find((e) => e.metadata)!.metadata!.trace!.guardrail!;
      assert.equal(trace.outputAssessments?.['gr-123']?.[0].contentPolicy?.filters?.[0].action, 'BLOCKED');
    });

    it('async: some output streams before the guardrail stops it; input interventions report inputAssessment', async () => {
      const events = await converse({ messages: [user('tell me [[fake:guardrail]]')], guardrailConfig: { ...guardrailConfig, streamProcessingMode: 'async' } });
      const whole = text(await converse({ messages: [user('tell me [[fake:guardrail]]')] }));
      assert.ok(text(events).length > 0 && whole.startsWith(text(events)) && text(events).length < whole.length, 'a streamed start of the answer, then the cut');
      assert.equal(stop(events), 'guardrail_intervened');
      const input = await converse({ messages: [user('bad [[fake:guardrail:input]]')], guardrailConfig });
      assert.equal(stop(input), 'guardrail_intervened');
      assert.ok(input.find((e) => e.metadata)!.metadata!.trace!.guardrail!.inputAssessment?.['gr-123']);
    });

    it('no trace unless the guardrailConfig enables it, and no intervention without a guardrailConfig', async () => {
      const untraced = await converse({ messages: [user('x [[fake:guardrail]]')], guardrailConfig: { guardrailIdentifier: 'gr-123', guardrailVersion: '1' } });
      assert.equal(stop(untraced), 'guardrail_intervened');
      assert.equal(untraced.find((e) => e.metadata)!.metadata!.trace, undefined);
      assert.equal(stop(await converse({ messages: [user('x [[fake:guardrail]]')] })), 'end_turn');
    });

    for (const reason of ['max_tokens', 'content_filtered', 'model_context_window_exceeded', 'stop_sequence', 'malformed_model_output', 'malformed_tool_use']) {
      it(`[[fake:stop:${reason}]] ends with stopReason ${reason}`, async () => {
        const events = await converse({ messages: [user(`q [[fake:stop:${reason}]]`)] });
        assert.equal(stop(events), reason);
        assert.ok(text(events).length > 0);
      });
    }

    it('parses the new directives', () => {
      assert.deepEqual(parseDirectives('[[fake:reason]] [[fake:silent-reason:90000]] [[fake:reason-for:30000]] [[fake:redacted]] [[fake:guardrail:input]] [[fake:stop:max_tokens]] [[fake:stop:bogus]]'), {
        reason: true,
        silentReasonMs: 90000,
        reasonForMs: 30000,
        redacted: true,
        guardrail: 'input',
        stopReason: 'max_tokens',
      });
    });
  });
});
