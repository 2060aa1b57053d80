import * as assert from 'node:assert/strict';
import * as diagnostics from 'node:diagnostics_channel';
import type { Attachment } from '../../src/chat/attachment';
import { CONTINUE_PROMPT } from '../../src/chat/prompt';
import type { TranscriptUpdate } from '../../src/protocol/webview';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MODEL_ID } from '../../src/protocol/wire';
import { thinkingOf } from '../../infra/local/converseRequest';
import { LOCAL_MODEL_IDS } from '../../infra/local/stack';
import { activateExtension, useLocalStack, type LocalStack } from './helpers';

const HAIKU = LOCAL_MODEL_IDS[1];
const PRICES = { [DEFAULT_MODEL_ID]: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 } };

/** The text of a Converse message's blocks, as the fake Bedrock received it. */
function textOf(message: { content: { text?: string }[] } | undefined): string {
  return (message?.content ?? []).map((b) => b.text ?? '').join('');
}

suite('Ask Bedrock → panel v2 session (local stack, real SDK, /models)', function () {
  this.timeout(300_000);
  let stack: LocalStack;
  /** The body of every request the extension's HTTP client POSTed to the stack, observed on undici's own channel. */
  const bodies: string[] = [];
  const onRequest = (message: unknown) => {
    const request = (message as { request: { origin?: unknown; method?: string; body?: unknown } }).request;
    if (request.method !== 'POST' || new URL(String(request.origin)).origin !== new URL(stack.endpoint).origin) return;
    const body = request.body;
    bodies.push(typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '');
  };
  const lastBody = () => JSON.parse(bodies.at(-1) ?? '{}') as Record<string, unknown>;

  suiteSetup(async () => {
    stack = await useLocalStack({ env: { MODEL_PRICES: JSON.stringify(PRICES), MAX_TOKENS_LIMIT: '8192', GUARDRAIL_ID: 'gr-local' } });
    diagnostics.subscribe('undici:request:create', onRequest);
  });
  setup(async () => {
    const api = await activateExtension();
    await api.session.newChat();
    await api.modelChoice.select('');
    await api.modelChoice.setReasoningBudget(0);
  });
  suiteTeardown(async () => {
    diagnostics.unsubscribe('undici:request:create', onRequest);
    const api = await activateExtension();
    await api.modelChoice.select('');
    await api.modelChoice.setReasoningBudget(0);
    await api.session.newChat();
    await stack?.close();
  });

  test('the picked model is in the request (protocol 2), and the picker lists the endpoint models with the default marked', async () => {
    const api = await activateExtension();
    const state = await api.modelChoice.state(new AbortController().signal);
    assert.deepEqual(state.models.map((m) => [m.id, m.isDefault]), LOCAL_MODEL_IDS.map((id, i) => [id, i === 0]));
    await api.modelChoice.select(HAIKU);
    const turn = await api.session.ask('Which model are you?');
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(lastBody().modelId, HAIKU);
    assert.equal(lastBody().protocol, 2);
    assert.equal(stack.fake!.requests.at(-1)?.modelId, HAIKU, 'Bedrock was asked for that model');
    assert.equal(turn.stats?.model, HAIKU);
  });

  test('an attached file goes in the request after the question, and the turn lists it', async () => {
    const api = await activateExtension();
    const code = 'export function add(a: number, b: number) {\n  return a + b; // ```\n}\n';
    const attachment: Attachment = {
      info: { id: 'att-1', kind: 'file', label: 'add.ts', detail: 'src/add.ts', bytes: Buffer.byteLength(code) },
      content: code,
      languageId: 'typescript',
      uri: 'file:///workspace/src/add.ts',
    };
    const turn = await api.session.ask('Explain this [[fake:echo]]', [attachment]);
    assert.equal(turn.status, 'done', turn.error?.message);
    const sent = textOf(stack.fake!.requests.at(-1)?.body.messages?.at(-1));
    assert.equal(sent, `Explain this [[fake:echo]]\n\nFile \`add.ts\` (src/add.ts), typescript:\n\`\`\`\`typescript\n${code}\n\`\`\`\``);
    assert.equal(turn.answer, sent, 'the echo came back whole');
    assert.deepEqual(turn.attachments, [attachment.info]);
    assert.deepEqual(api.session.applyTargetFor(turn.id), { uri: attachment.uri });
  });

  test('reasoning: with a budget on a reasoning model it is asked for, streams into the turn before the answer, and is priced', async () => {
    const api = await activateExtension();
    await api.modelChoice.select(DEFAULT_MODEL_ID);
    await api.modelChoice.setReasoningBudget(4096);
    const updates: TranscriptUpdate[] = [];
    const sub = api.session.onDidUpdate((u) => updates.push(u));
    try {
      const turn = await api.session.ask('How do I stream from Lambda?');
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.deepEqual(lastBody().reasoning, { budgetTokens: 4096 });
      assert.ok((lastBody().maxTokens as number) > 4096, `maxTokens ${String(lastBody().maxTokens)} is above the budget`);
      assert.deepEqual(thinkingOf(stack.fake!.requests.at(-1)!.body), { budgetTokens: 4096 });
      assert.match(turn.reasoning ?? '', /The user asks: "How do I stream from Lambda\?"/);
      const kinds = updates.filter((u) => u.type === 'reasoning' || u.type === 'appended').map((u) => u.type);
      assert.ok(kinds.length > 1 && kinds[0] === 'reasoning' && kinds.at(-1) === 'appended', kinds.join(','));
      assert.ok((turn.stats?.costUsd ?? 0) > 0, 'the answer has a cost from the catalogue prices');
      assert.equal(api.session.header.costUsd, turn.stats?.costUsd);
    } finally {
      sub.dispose();
    }
  });

  test('Continue after max_tokens appends to the same answer, sending the answer so far', async () => {
    const api = await activateExtension();
    const cut = await api.session.ask('Write it all [[fake:stop:max_tokens]]');
    assert.equal(cut.status, 'done', cut.error?.message);
    assert.equal(cut.stats?.stopReason, 'max_tokens');
    assert.equal(cut.canContinue, true);
    const updates: TranscriptUpdate[] = [];
    const sub = api.session.onDidUpdate((u) => updates.push(u));
    try {
      const whole = await api.session.continue(cut.id);
      assert.equal(whole?.id, cut.id);
      assert.equal(whole?.status, 'done', whole?.error?.message);
      assert.ok(whole!.answer.startsWith(cut.answer) && whole!.answer.length > cut.answer.length, 'the rest was appended');
      const sent = stack.fake!.requests.at(-1)!.body.messages ?? [];
      assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'user']);
      assert.equal(textOf(sent[1]), cut.answer);
      assert.equal(textOf(sent[2]), CONTINUE_PROMPT);
      assert.equal(updates[0]?.type, 'turnResumed');
      assert.ok(whole!.stats!.outputTokens! > cut.stats!.outputTokens!, 'tokens add up over both requests');
      assert.equal(api.session.turns.length, 1);
    } finally {
      sub.dispose();
    }
  });

  test("a guardrail stop is an error naming the policy, with the text kept and Retry offered", async () => {
    const api = await activateExtension();
    const turn = await api.session.ask('Something the guardrail blocks [[fake:guardrail]]');
    assert.equal(turn.status, 'error');
    assert.equal(turn.stats?.stopReason, 'guardrail_intervened');
    assert.match(turn.error?.message ?? '', /^Stopped by the endpoint's guardrail \(policies: content:VIOLENCE\)\./);
    assert.equal(turn.error?.retryable, true);
    assert.equal(turn.canContinue, undefined);
  });

  test('a 50-turn conversation with 30 KB answers: every request stays under the 256 KiB body limit, every answer arrives whole', async () => {
    const api = await activateExtension();
    const turns = 50;
    const first = bodies.length;
    for (let i = 1; i <= turns; i++) {
      const answer = `Answer ${i}:\n${'日本語の説明 and some code: const x = 1;\n'.repeat(625)}`;
      stack.fake!.enqueue({ pieces: answer.match(/[^]{1,1000}/gu) ?? [] });
      const turn = await api.session.ask(`質問 ${i}: explain it at length`);
      assert.equal(turn.status, 'done', `answer ${i} failed: ${turn.error?.message}`);
      assert.equal(turn.answer, answer, `answer ${i} arrived whole`);
    }
    const sizes = bodies.slice(first).map((b) => Buffer.byteLength(b));
    assert.equal(sizes.length, turns, 'one request per question');
    assert.ok(Math.max(...sizes) <= DEFAULT_MAX_BODY_BYTES, `largest request ${Math.max(...sizes)} bytes`);
    assert.ok(Math.max(...sizes) > DEFAULT_MAX_BODY_BYTES - 2 * 30_000, 'the history still fills the body');
    const last = api.session.turns.at(-1)!;
    assert.ok((last.omitted?.count ?? 0) > 40, `the last turn says earlier turns were left out (${last.omitted?.count})`);
    assert.equal(api.session.turns.length, turns, 'the panel keeps every turn');
  });
});
