import * as assert from 'node:assert/strict';
import type { Attachment } from '../../../src/chat/attachment';
import type { ConversationSummary, Conversations, StoredConversation } from '../../../src/chat/conversation';
import type { RequestModel } from '../../../src/chat/modelChoice';
import { CONTINUE_PROMPT } from '../../../src/chat/prompt';
import { ChatSession, type ChatSessionDeps } from '../../../src/chat/session';
import type { ConversationHeader, TranscriptUpdate } from '../../../src/protocol/webview';
import type { ChatRequest, ModelInfo } from '../../../src/protocol/wire';
import { TransportError } from '../../../src/transport/errors';
import type { AnswerEvent, AnswerSource } from '../../../src/transport/streamAnswer';
import { Emitter } from '../../../src/util/emitter';

const silentLog = { info: () => undefined, error: () => undefined };

/** Conversations kept in memory, copied as JSON on save and load, as a Memento keeps them. */
class MemoryConversations implements Conversations {
  readonly saved = new Map<string, StoredConversation>();
  activeId: string | undefined;
  private nextId = 1;
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;

  loadActive(): StoredConversation {
    return (this.activeId && this.load(this.activeId)) || this.create();
  }
  load(id: string): StoredConversation | undefined {
    const found = this.saved.get(id);
    if (!found) return undefined;
    const loaded = copy(found);
    for (const turn of loaded.turns) if (turn.status === 'streaming') turn.status = 'stopped';
    return loaded;
  }
  create(): StoredConversation {
    return { id: `c${this.nextId++}`, title: '', createdAt: 0, updatedAt: 0, turns: [] };
  }
  async save(conversation: StoredConversation): Promise<void> {
    if (conversation.turns.length > 0) this.saved.set(conversation.id, copy(conversation));
    this.activeId = conversation.id;
    this.changes.fire();
  }
  list(): ConversationSummary[] {
    return [...this.saved.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, turnCount: c.turns.length }));
  }
  async rename(id: string, title: string): Promise<void> {
    const found = this.saved.get(id);
    if (found) found.title = title.trim();
  }
  async delete(id: string): Promise<void> {
    this.saved.delete(id);
    if (this.activeId === id) this.activeId = undefined;
  }
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An answer source scripted per call; records the requests. */
function scripted(...scripts: ((signal: AbortSignal) => AsyncIterable<AnswerEvent>)[]) {
  const requests: ChatRequest[] = [];
  let call = 0;
  const source: AnswerSource = (request, signal) => {
    requests.push(request);
    return scripts[call++ % scripts.length](signal);
  };
  return { source, requests };
}

async function* answerWith(...texts: string[]): AsyncGenerator<AnswerEvent> {
  yield { type: 'start', id: 'r', model: 'demo' };
  for (const text of texts) yield { type: 'delta', text };
  yield { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 10 } };
}

/** Text, then the end with this stop reason and usage. */
function endingWith(text: string, stopReason: string, usage = { inputTokens: 5, outputTokens: 10 }) {
  return async function* (): AsyncGenerator<AnswerEvent> {
    yield { type: 'start', id: 'r', model: 'demo' };
    yield { type: 'delta', text };
    yield { type: 'end', stopReason, usage };
  };
}

/** A stream that fails before yielding anything. */
function failWith(error: Error): AsyncIterable<AnswerEvent> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
}

function newSession(answer: AnswerSource, more: Partial<ChatSessionDeps> = {}) {
  const conversations = (more.conversations as MemoryConversations | undefined) ?? new MemoryConversations();
  const session = new ChatSession({ answer, conversations, settings: () => ({}), log: silentLog, ...more });
  const updates: TranscriptUpdate[] = [];
  const headers: ConversationHeader[] = [];
  session.onDidUpdate((u) => updates.push(u));
  session.onDidChangeHeader((h) => headers.push(h));
  return { session, conversations, updates, headers };
}

const SONNET: ModelInfo = {
  id: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
  name: 'Claude Sonnet 4',
  contextTokens: 200_000,
  maxOutputTokens: 64_000,
  reasoning: true,
  tools: true,
  caching: true,
  prices: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
};

/** A v2 endpoint's model for every request. */
function v2(info: ModelInfo = SONNET, more: Partial<RequestModel> = {}): () => Promise<RequestModel> {
  return async () => ({ protocol: 2, modelId: info.id, info, limits: { maxBodyBytes: 262_144, maxMessages: 200, maxTokens: 4096 }, reasoningBudget: 0, ...more });
}

function fileAttachment(name: string, content: string, more: Partial<Attachment> = {}): Attachment {
  return { info: { id: `a-${name}`, kind: 'file', label: name, detail: `src/${name}`, bytes: Buffer.byteLength(content) }, content, languageId: 'typescript', uri: `file:///ws/src/${name}`, ...more };
}

describe('chat/ChatSession', () => {
  it('streams an answer into a turn, emitting updates, and persists it in the active conversation', async () => {
    const { source, requests } = scripted(() => answerWith('Hel', 'lo'));
    const { session, conversations, updates } = newSession(source, { settings: () => ({ maxTokens: 100, modelId: '' }) });
    const turn = await session.ask('Say hello');
    assert.equal(turn.answer, 'Hello');
    assert.equal(turn.status, 'done');
    assert.equal(turn.stats?.outputTokens, 10);
    assert.equal(turn.stats?.model, 'demo');
    assert.deepEqual(updates.map((u) => u.type), ['turnStarted', 'appended', 'appended', 'turnFinished']);
    assert.equal(requests[0].maxTokens, 100);
    assert.equal('modelId' in requests[0], false, 'empty settings are not sent');
    assert.equal('protocol' in requests[0], false, 'without a catalogue the request is v1');
    const reloaded = new ChatSession({ answer: source, conversations, settings: () => ({}), log: silentLog });
    assert.equal(reloaded.conversationId, session.conversationId);
    assert.equal(reloaded.turns[0].answer, 'Hello');
    assert.equal(reloaded.header.title, 'Say hello', 'titled from the first question');
  });

  it('sends the attachments after the question, shows their infos on the turn, and aims Apply at the first file', async () => {
    const { source, requests } = scripted(() => answerWith('ok'));
    const { session, updates } = newSession(source);
    const selection: Attachment = {
      info: { id: 's1', kind: 'selection', label: 'app.ts:3-4', detail: 'src/app.ts', bytes: 12 },
      content: 'const a = 1;',
      languageId: 'typescript',
      uri: 'file:///ws/src/app.ts',
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 5 } },
    };
    const problems: Attachment = { info: { id: 'p1', kind: 'problems', label: 'Problems in app.ts (1)', bytes: 30 }, content: '- app.ts:3:7 error: x is never read' };
    const turn = await session.ask('Why?', [selection, problems]);
    assert.equal(
      requests[0].prompt,
      'Why?\n\nSelection `app.ts:3-4` (src/app.ts), typescript:\n```typescript\nconst a = 1;\n```\n\nProblems in app.ts (1):\n- app.ts:3:7 error: x is never read',
    );
    assert.deepEqual(turn.attachments, [selection.info, problems.info]);
    assert.equal('content' in turn, false, 'the webview never gets the sent text');
    assert.deepEqual(session.applyTargetFor(turn.id), { uri: 'file:///ws/src/app.ts', range: selection.range });
    const started = updates[0];
    assert.ok(started.type === 'turnStarted' && started.turn.attachments?.length === 2);
  });

  it('v2: the request carries protocol 2, the chosen model and, for a reasoning model, the budget with maxTokens above it', async () => {
    const { source, requests } = scripted(() => answerWith('ok'));
    const { session } = newSession(source, { settings: () => ({ maxTokens: 2048, temperature: 0.2 }), model: v2(SONNET, { reasoningBudget: 2048 }) });
    await session.ask('Think');
    assert.equal(requests[0].protocol, 2);
    assert.equal(requests[0].modelId, SONNET.id);
    assert.deepEqual(requests[0].reasoning, { budgetTokens: 2048 });
    assert.equal(requests[0].maxTokens, 3072, 'raised to the budget plus room for the answer');
    const haiku = { ...SONNET, id: 'haiku', reasoning: false };
    const plain = scripted(() => answerWith('ok'));
    await newSession(plain.source, { settings: () => ({ maxTokens: 9000 }), model: v2(haiku) }).session.ask('Q');
    assert.equal(plain.requests[0].reasoning, undefined);
    assert.equal(plain.requests[0].maxTokens, 4096, 'capped at the endpoint limit');
  });

  it('streams reasoning into the turn (text and redaction) while the answer keeps only the text', async () => {
    const { source } = scripted(async function* () {
      yield { type: 'start', id: 'r2', model: 'demo', protocol: 2 };
      yield { type: 'reasoning', text: 'thinking…' };
      yield { type: 'reasoning', signature: 'sig' };
      yield { type: 'delta', text: 'Hel' };
      yield { type: 'reasoning', redacted: 'AAEC' };
      yield { type: 'reasoning', redacted: 'AAED' };
      yield { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.ts' } };
      yield { type: 'delta', text: 'lo' };
      yield { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 10, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 } };
    });
    const { session, updates } = newSession(source);
    const turn = await session.ask('Q');
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, 'Hello');
    assert.equal(turn.reasoning, 'thinking…');
    assert.equal(turn.reasoningRedacted, true);
    assert.deepEqual(
      updates.filter((u) => u.type === 'reasoning'),
      [
        { type: 'reasoning', turnId: turn.id, text: 'thinking…' },
        { type: 'reasoning', turnId: turn.id, redacted: true },
      ],
    );
    assert.equal(turn.stats?.cacheReadInputTokens, 100);
    assert.equal(turn.stats?.cacheWriteInputTokens, 20);
  });

  it('sends earlier turns as plain text, without their reasoning', async () => {
    const { source, requests } = scripted(async function* () {
      yield { type: 'reasoning', text: 'secret thoughts' };
      yield* answerWith('A1');
    }, () => answerWith('A2'));
    const { session } = newSession(source, { model: v2() });
    await session.ask('Q1');
    await session.ask('Q2');
    assert.deepEqual(requests[1].messages, [
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
    ]);
  });

  it('prices each answer from the catalogue and adds them up in the header', async () => {
    const usage = { inputTokens: 1000, outputTokens: 2000, cacheReadInputTokens: 10_000, cacheWriteInputTokens: 4000 };
    const { source } = scripted(endingWith('a', 'end_turn', usage));
    const { session, headers } = newSession(source, { model: v2() });
    const first = await session.ask('Q1');
    // 1000×3 + 2000×15 + 10000×0.3 + 4000×3.75 = 51,000 µ$ per million → $0.051
    assert.ok(Math.abs((first.stats?.costUsd ?? 0) - 0.051) < 1e-12, String(first.stats?.costUsd));
    await session.ask('Q2');
    assert.ok(Math.abs((session.header.costUsd ?? 0) - 0.102) < 1e-12);
    assert.ok(Math.abs((headers.at(-1)?.costUsd ?? 0) - 0.102) < 1e-12, 'the header was told');
    const unpriced = newSession(scripted(() => answerWith('x')).source, { model: v2({ ...SONNET, prices: undefined }) });
    const turn = await unpriced.session.ask('Q');
    assert.equal(turn.stats?.costUsd, undefined);
    assert.equal(unpriced.session.header.costUsd, undefined);
  });

  it('offers Continue after max_tokens and appends the rest to the same answer, adding up tokens and cost', async () => {
    const { source, requests } = scripted(endingWith('The first half', 'max_tokens', { inputTokens: 100, outputTokens: 4096 }), endingWith(' and the rest.', 'end_turn', { inputTokens: 200, outputTokens: 50 }));
    const { session, updates } = newSession(source, { model: v2() });
    const cut = await session.ask('Explain');
    assert.equal(cut.canContinue, true);
    assert.deepEqual(updates.at(-1), { type: 'turnFinished', turnId: cut.id, status: 'done', stats: cut.stats, canContinue: true });
    updates.length = 0;
    const whole = await session.continue(cut.id);
    assert.equal(whole?.id, cut.id);
    assert.equal(whole?.answer, 'The first half and the rest.');
    assert.equal(whole?.canContinue, undefined);
    assert.deepEqual(requests[1].messages, [
      { role: 'user', content: 'Explain' },
      { role: 'assistant', content: 'The first half' },
      { role: 'user', content: CONTINUE_PROMPT },
    ]);
    assert.deepEqual(updates.map((u) => u.type), ['turnResumed', 'appended', 'turnFinished']);
    assert.equal(whole?.stats?.inputTokens, 300);
    assert.equal(whole?.stats?.outputTokens, 4146);
    assert.ok(Math.abs((whole?.stats?.costUsd ?? 0) - (300 * 3 + 4146 * 15) / 1e6) < 1e-12);
    assert.equal(session.turns.length, 1);
  });

  it('offers Continue after a cut stream with text kept (not after a refused one), and never trims the turn being continued', async () => {
    const { source, requests } = scripted(
      () => answerWith('old '.repeat(2000)),
      async function* () {
        yield { type: 'delta', text: 'partial ' };
        throw new TransportError('cut', 'The answer was cut off.', { retryable: true, code: 'Truncated' });
      },
      () => answerWith('rest'),
    );
    const { session } = newSession(source, { limits: { maxBodyBytes: 1024 + 1000, maxMessages: 200 } });
    await session.ask('Q0');
    const cut = await session.ask('Q1');
    assert.equal(cut.status, 'error');
    assert.equal(cut.canContinue, true);
    const resumed = await session.continue(cut.id);
    assert.equal(resumed?.answer, 'partial rest');
    assert.equal(resumed?.status, 'done');
    assert.equal(resumed?.error, undefined);
    assert.deepEqual(requests[2].messages?.map((m) => m.content), ['Q1', 'partial ', CONTINUE_PROMPT], 'the 8 KB earlier turn was left out, the continued one kept');
    const refused = newSession(scripted(() => failWith(new TransportError('auth', 'denied', { status: 403 }))).source);
    const denied = await refused.session.ask('Q');
    assert.equal(denied.canContinue, undefined);
    assert.equal(await refused.session.continue(denied.id), undefined, 'nothing to continue');
  });

  it('refuses a Continue whose answer so far alone is over the body limit, rather than send the continue request without it', async () => {
    const { source, requests } = scripted(endingWith('長'.repeat(5000), 'max_tokens'), () => answerWith('never'));
    const { session } = newSession(source, { limits: { maxBodyBytes: 1024 + 10_000, maxMessages: 200 } });
    const cut = await session.ask('Q');
    assert.equal(cut.canContinue, true);
    const refused = await session.continue(cut.id);
    assert.equal(requests.length, 1, 'nothing was sent');
    assert.equal(refused?.status, 'error');
    assert.equal(refused?.answer, cut.answer, 'the answer so far is kept');
    assert.match(refused?.error?.message ?? '', /^This question and the answer so far make a \d+ KB request, over the endpoint's 11 KB limit, so it was not sent\. Start a new chat/);
  });

  it('a refused Continue keeps the turn\'s stats and cost so far and stays continuable (another model may take it)', async () => {
    const { source, requests } = scripted(endingWith('長'.repeat(5000), 'max_tokens', { inputTokens: 100, outputTokens: 4096 }), () => answerWith('never'));
    let limits = { maxBodyBytes: 1024 + 100_000, maxMessages: 200, maxTokens: 4096 };
    const { session } = newSession(source, { model: async () => ({ protocol: 2, modelId: SONNET.id, info: SONNET, limits, reasoningBudget: 0 }) });
    const cut = await session.ask('Q');
    assert.ok(cut.stats?.costUsd, 'priced');
    limits = { ...limits, maxBodyBytes: 1024 + 10_000 };
    const refused = await session.continue(cut.id);
    assert.equal(requests.length, 1, 'nothing was sent');
    assert.equal(refused?.status, 'error');
    assert.deepEqual(refused?.stats, cut.stats, 'the stats and cost of the answer so far are kept');
    assert.equal(refused?.canContinue, true);
    assert.ok(Math.abs((session.header.costUsd ?? 0) - cut.stats!.costUsd!) < 1e-12, 'the header still counts it');
  });

  it('keeps the partial answer and a retryable error when the stream fails', async () => {
    const { source } = scripted(async function* () {
      yield { type: 'delta', text: 'partial ' };
      throw new TransportError('server', 'boom', { retryable: true });
    });
    const { session } = newSession(source);
    const turn = await session.ask('Q');
    assert.equal(turn.status, 'error');
    assert.equal(turn.answer, 'partial ');
    assert.deepEqual(turn.error, { message: 'boom', retryable: true });
    assert.equal(session.errorFixFor(turn.id), undefined);
  });

  it('a guardrail stop names the policies, keeps the text and Retry', async () => {
    const { source } = scripted(async function* () {
      yield { type: 'delta', text: 'Some text ' };
      yield { type: 'guardrail', action: 'INTERVENED', policies: ['content:VIOLENCE', 'topic:Finance'] };
      yield { type: 'end', stopReason: 'guardrail_intervened', usage: { inputTokens: 1, outputTokens: 1 } };
    });
    const { session } = newSession(source);
    const turn = await session.ask('Q');
    assert.equal(turn.status, 'error');
    assert.equal(turn.answer, 'Some text ');
    assert.deepEqual(turn.error, { message: "Stopped by the endpoint's guardrail (policies: content:VIOLENCE, topic:Finance). The text so far is kept.", retryable: true });
  });

  it('errors with a way out: expired SSO → copy the login command; 403 from the API → the auth setting; no endpoint → Configure Endpoint', async () => {
    const cases: [TransportError, unknown, string][] = [
      [new TransportError('credentials', 'Your AWS SSO session has expired or is missing. Run `aws sso login --profile dev` and try again.'), { kind: 'copyCommand', command: 'aws sso login --profile dev' }, 'Copy "aws sso login --profile dev"'],
      [new TransportError('auth', 'The endpoint answered 403 Forbidden.', { status: 403, code: 'HTTP403' }), { kind: 'openSetting', setting: 'askBedrock.auth' }, 'Open auth setting'],
      [new TransportError('config', 'No endpoint is configured.', { code: 'NoEndpoint' }), { kind: 'configureEndpoint' }, 'Configure Endpoint'],
    ];
    for (const [error, fix, label] of cases) {
      const { session } = newSession(scripted(async function* () {
        yield { type: 'delta', text: 'kept' };
        throw error;
      }).source);
      const turn = await session.ask('Q');
      assert.equal(turn.answer, 'kept');
      assert.deepEqual(turn.error?.action, { label });
      assert.deepEqual(session.errorFixFor(turn.id), fix);
      assert.equal('errorFix' in turn, false, 'the fix stays in the host');
    }
  });

  it('stops mid-stream, keeping the text, and marks the turn stopped', async () => {
    const { source } = scripted(async function* (signal) {
      yield { type: 'delta', text: 'first' };
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new TransportError('aborted', 'Stopped.');
    });
    const { session } = newSession(source);
    const streaming: boolean[] = [];
    session.onDidChangeStreaming((s) => streaming.push(s));
    session.onDidUpdate((u) => {
      if (u.type === 'appended') session.stop();
    });
    const turn = await session.ask('Q');
    assert.equal(turn.status, 'stopped');
    assert.equal(turn.answer, 'first');
    assert.deepEqual(streaming, [true, false]);
    assert.equal(session.streaming, false);
  });

  it('two questions asked at once: the first is stopped, only the second streams on', async () => {
    const { source } = scripted(async function* (signal) {
      yield { type: 'delta', text: 'one' };
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new TransportError('aborted', 'Stopped.');
    }, () => answerWith('two'));
    const { session } = newSession(source);
    const [first, second] = await Promise.all([session.ask('Q1'), session.ask('Q2')]);
    assert.equal(first.status, 'stopped');
    assert.equal(second.status, 'done');
    assert.equal(session.streaming, false);
    assert.deepEqual(session.turns.map((t) => t.status), ['stopped', 'done']);
  });

  it('retries a failed turn in place of the old one, with its attachments', async () => {
    const { source, requests } = scripted(() => failWith(new TransportError('server', 'boom', { retryable: true })), () => answerWith('fixed'));
    const { session } = newSession(source);
    const failed = await session.ask('Q', [fileAttachment('a.ts', 'x')]);
    const retried = await session.retry(failed.id);
    assert.equal(retried?.answer, 'fixed');
    assert.equal(session.turns.length, 1);
    assert.equal(requests[1].prompt, requests[0].prompt);
    assert.deepEqual(retried?.attachments, failed.attachments);
    assert.deepEqual(session.applyTargetFor(retried!.id), { uri: 'file:///ws/src/a.ts' });
  });

  it('Retry keeps what the replaced answer cost in the conversation\'s total', async () => {
    const { source } = scripted(endingWith('first try', 'end_turn', { inputTokens: 1000, outputTokens: 2000 }), endingWith('second try', 'end_turn', { inputTokens: 1000, outputTokens: 2000 }));
    const { session, conversations } = newSession(source, { model: v2() });
    const first = await session.ask('Q');
    const oneAnswer = first.stats!.costUsd!;
    const retried = await session.retry(first.id);
    assert.equal(session.turns.length, 1);
    assert.ok(Math.abs((session.header.costUsd ?? 0) - 2 * oneAnswer) < 1e-12, String(session.header.costUsd));
    await session.retry(retried!.id);
    assert.ok(Math.abs((session.header.costUsd ?? 0) - 3 * oneAnswer) < 1e-12, 'every try counts');
    assert.equal('spentUsd' in session.turns[0], false, 'the panel\'s turn carries only its own stats');
    const reloaded = new ChatSession({ answer: source, conversations, settings: () => ({}), log: silentLog });
    assert.ok(Math.abs((reloaded.header.costUsd ?? 0) - 3 * oneAnswer) < 1e-12, 'kept on disk');
  });

  it('a question sent while open, delete or New Chat switches conversations goes to the conversation switched to', async () => {
    const { source } = scripted(() => answerWith('x'));
    const { session, conversations } = newSession(source);
    await session.ask('In A');
    const a = session.conversationId;
    await session.newChat();
    await session.ask('In B');
    const b = session.conversationId;

    await Promise.all([session.open(a), session.ask('Asked while opening A')]);
    assert.equal(session.conversationId, a);
    assert.deepEqual(session.turns.map((t) => t.prompt), ['In A', 'Asked while opening A']);
    assert.deepEqual(conversations.load(b)?.turns.map((t) => t.prompt), ['In B'], 'B did not get it');

    await Promise.all([session.delete(a), session.ask('Asked while deleting A')]);
    assert.equal(conversations.load(a), undefined, 'the deleted conversation stays deleted');
    assert.equal(session.conversationId, b);
    assert.deepEqual(session.turns.map((t) => t.prompt), ['In B', 'Asked while deleting A']);

    await Promise.all([session.newChat(), session.ask('Asked while starting a new chat')]);
    assert.notEqual(session.conversationId, b);
    assert.deepEqual(session.turns.map((t) => t.prompt), ['Asked while starting a new chat']);
    assert.deepEqual(conversations.load(b)?.turns.map((t) => t.prompt), ['In B', 'Asked while deleting A']);
  });

  it('a question sent while open waits for the streaming answer to stop goes to the conversation opened', async () => {
    const { source } = scripted(() => answerWith('done'), async function* (signal) {
      yield { type: 'delta', text: 'half' };
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new TransportError('aborted', 'Stopped.');
    }, () => answerWith('new'));
    const { session, conversations } = newSession(source);
    await session.ask('Other');
    const otherId = session.conversationId;
    await session.newChat();
    const streamingId = session.conversationId;
    const pending = session.ask('Long one');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const opening = session.open(otherId);
    const asked = session.ask('Asked while switching');
    await Promise.all([opening, asked, pending]);
    assert.equal(session.conversationId, otherId);
    assert.deepEqual(session.turns.map((t) => t.prompt), ['Other', 'Asked while switching']);
    assert.deepEqual(conversations.load(streamingId)?.turns.map((t) => t.prompt), ['Long one']);
  });

  it('New Chat shows an empty conversation and keeps the old one; open switches back; both say so', async () => {
    const { source } = scripted(() => answerWith('x'));
    const { session, conversations, headers } = newSession(source);
    await session.ask('First chat');
    const firstId = session.conversationId;
    const resets: number[] = [];
    session.onDidReset((turns) => resets.push(turns.length));
    await session.newChat();
    assert.notEqual(session.conversationId, firstId);
    assert.equal(session.turns.length, 0);
    assert.deepEqual(session.header, { id: session.conversationId, title: 'New Chat' });
    assert.equal(conversations.activeId, session.conversationId, 'a reload shows the new chat');
    await session.newChat();
    assert.equal(conversations.list().length, 1, 'New Chat on an empty chat does not make another');
    await session.ask('Second chat');
    assert.deepEqual(conversations.list().map((c) => c.title).sort(), ['First chat', 'Second chat']);
    assert.equal(await session.open(firstId), true);
    assert.equal(session.turns[0].prompt, 'First chat');
    assert.equal(conversations.activeId, firstId);
    assert.deepEqual(resets, [0, 0, 1]);
    assert.equal(headers.at(-1)?.title, 'First chat');
    assert.equal(await session.open('nope'), false);
  });

  it('opening another conversation stops the answer streaming and keeps it in its own conversation', async () => {
    const { source } = scripted(() => answerWith('done'), async function* (signal) {
      yield { type: 'delta', text: 'half' };
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new TransportError('aborted', 'Stopped.');
    });
    const { session, conversations } = newSession(source);
    await session.ask('Other');
    const otherId = session.conversationId;
    await session.newChat();
    const streamingId = session.conversationId;
    const pending = session.ask('Long one');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await session.open(otherId);
    const stopped = await pending;
    assert.equal(stopped.status, 'stopped');
    assert.equal(session.turns.length, 1);
    assert.equal(session.turns[0].prompt, 'Other');
    assert.deepEqual(conversations.load(streamingId)?.turns.map((t) => [t.answer, t.status]), [['half', 'stopped']]);
  });

  it('renames (the header follows) and deletes: deleting the shown one shows the newest other, or a new one', async () => {
    let clock = 0;
    const { source } = scripted(() => answerWith('x'));
    const conversations = new MemoryConversations();
    const { session, headers } = newSession(source, { conversations, now: () => ++clock });
    await session.ask('One');
    const one = session.conversationId;
    await session.newChat();
    await session.ask('Two');
    const two = session.conversationId;
    await session.rename(two, '  Renamed  ');
    assert.equal(session.header.title, 'Renamed', 'as the store kept it');
    assert.equal(headers.at(-1)?.title, 'Renamed');
    await session.rename(one, 'Old one');
    assert.equal(session.header.title, 'Renamed', 'renaming another does not change the header');
    await session.delete(two);
    assert.equal(session.conversationId, one);
    assert.equal(session.header.title, 'Old one');
    await session.delete(one);
    assert.equal(session.turns.length, 0);
    assert.notEqual(session.conversationId, one);
    assert.equal(conversations.list().length, 0);
  });

  it('records an exchange that streamed elsewhere as a finished turn', async () => {
    const { session, conversations, updates } = newSession(scripted(() => answerWith('x')).source);
    await session.recordExchange('Write a parser', 'Here is the rest of the answer.', { outputTokens: 42 });
    assert.deepEqual(updates.map((u) => u.type), ['turnStarted', 'appended', 'turnFinished']);
    assert.equal(session.turns[0].answer, 'Here is the rest of the answer.');
    assert.equal(session.turns[0].status, 'done');
    assert.equal(conversations.loadActive().turns[0].stats?.outputTokens, 42, 'saved');
  });

  it('leaves the oldest turns out of a request over the body limit and says so on the turn', async () => {
    const { source, requests } = scripted(() => answerWith('答'.repeat(10_000)));
    const { session } = newSession(source, { limits: { maxBodyBytes: 100_000, maxMessages: 200 } });
    for (let i = 0; i < 5; i++) await session.ask(`Q${i}`);
    const started: TranscriptUpdate[] = [];
    session.onDidUpdate((u) => started.push(u));
    const turn = await session.ask('Q5');
    assert.equal(turn.status, 'done');
    const body = Buffer.byteLength(JSON.stringify(requests[5]));
    assert.ok(body <= 100_000 - 1024, `${body} bytes fit the limit with its margin`);
    assert.deepEqual(requests[5].messages?.filter((m) => m.role === 'user').map((m) => m.content), ['Q2', 'Q3', 'Q4', 'Q5']);
    assert.deepEqual(turn.omitted, { count: 2, limitBytes: 100_000, limitMessages: 200 });
    const first = started[0];
    assert.ok(first.type === 'turnStarted' && first.turn.omitted?.count === 2, 'the panel learns it with the new turn');
    assert.equal(session.turns.length, 6, 'the panel keeps every turn');
  });

  it("trims to the model's context window less the answer's maxTokens, and says tokens were the limit", async () => {
    const small: ModelInfo = { ...SONNET, contextTokens: 12_000, prices: undefined };
    const { source, requests } = scripted(() => answerWith('a'.repeat(16_000)));
    const { session } = newSession(source, { settings: () => ({ maxTokens: 2000 }), model: v2(small) });
    await session.ask('Q0');
    await session.ask('Q1');
    const turn = await session.ask('Q2');
    // Each earlier turn is ~4,000 tokens; 12,000 − 2,000 leaves room for two.
    assert.deepEqual(requests[2].messages?.filter((m) => m.role === 'user').map((m) => m.content), ['Q0', 'Q1', 'Q2']);
    assert.equal(turn.omitted, undefined);
    const fourth = await session.ask('Q3');
    assert.deepEqual(requests[3].messages?.filter((m) => m.role === 'user').map((m) => m.content), ['Q1', 'Q2', 'Q3']);
    assert.deepEqual(fourth.omitted, { count: 1, limitBytes: 262_144, limitMessages: 200, limitTokens: 12_000 });
  });

  it('sends nothing when the new question and its attachments alone are over the body limit or the context window', async () => {
    const { source, requests } = scripted(() => answerWith('never'));
    const { session } = newSession(source, { limits: { maxBodyBytes: 10_000, maxMessages: 200 } });
    const turn = await session.ask('Explain', [fileAttachment('a.ts', 'コード'.repeat(3000))]);
    assert.equal(requests.length, 0, 'no request was made');
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.retryable, false);
    assert.match(turn.error?.message ?? '', /^This question and its code make a 53 KB request, over the endpoint's 10 KB limit, so it was not sent\. Select less code/);
    assert.equal(session.streaming, false);

    const tiny: ModelInfo = { ...SONNET, contextTokens: 3000 };
    const context = newSession(source, { settings: () => ({ maxTokens: 1000 }), model: v2(tiny) });
    const refused = await context.session.ask('Explain', [fileAttachment('b.ts', 'x'.repeat(10_000))]);
    assert.equal(requests.length, 0);
    assert.match(refused.error?.message ?? '', /^This question and its code come to about 2,5\d\d tokens, over the 2,000 the model can read while leaving room for its answer, so it was not sent\./);
  });
});
