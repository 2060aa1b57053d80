import * as assert from 'node:assert/strict';
import { HistoryStore } from '../../../src/chat/history';
import { ChatSession } from '../../../src/chat/session';
import type { AnswerSource } from '../../../src/transport/streamAnswer';
import type { ChatRequest } from '../../../src/protocol/wire';
import type { AnswerEvent } from '../../../src/transport/streamAnswer';
import { TransportError } from '../../../src/transport/errors';
import type { TranscriptUpdate } from '../../../src/protocol/webview';
import { MemoryStore } from '../../support/memoryStore';

const silentLog = { info: () => undefined, error: () => undefined };

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

/** A stream that fails before yielding anything. */
function failWith(error: Error): AsyncIterable<AnswerEvent> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
}

describe('chat/ChatSession', () => {
  it('streams an answer into a turn, emitting updates, and persists it', async () => {
    const store = new MemoryStore();
    const { source, requests } = scripted(() => answerWith('Hel', 'lo'));
    const session = new ChatSession({ answer: source, history: new HistoryStore(store), settings: () => ({ maxTokens: 100, modelId: '' }), log: silentLog });
    const updates: TranscriptUpdate[] = [];
    session.onDidUpdate((u) => updates.push(u));
    const turn = await session.ask('Say hello', { code: 'x', fileName: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 1 });
    assert.equal(turn.answer, 'Hello');
    assert.equal(turn.status, 'done');
    assert.equal(turn.stats?.outputTokens, 10);
    assert.equal(turn.stats?.model, 'demo');
    assert.deepEqual(updates.map((u) => u.type), ['turnStarted', 'appended', 'appended', 'turnFinished']);
    assert.equal(requests[0].maxTokens, 100);
    assert.equal('modelId' in requests[0], false, 'empty settings are not sent');
    assert.match(requests[0].prompt ?? '', /Say hello\n\nContext: `a.ts`/);
    const reloaded = new ChatSession({ answer: source, history: new HistoryStore(store), settings: () => ({}), log: silentLog });
    assert.equal(reloaded.turns[0].answer, 'Hello');
    assert.equal(reloaded.turns[0].context?.fileName, 'a.ts');
  });

  it('keeps exactly the text of a v2 answer: reasoning, tool calls, guardrail events and cache usage do not reach the turn', async () => {
    const { source } = scripted(async function* () {
      yield { type: 'start', id: 'r2', model: 'demo', protocol: 2 };
      yield { type: 'reasoning', text: 'thinking…' };
      yield { type: 'reasoning', signature: 'sig' };
      yield { type: 'delta', text: 'Hel' };
      yield { type: 'reasoning', redacted: 'AAEC' };
      yield { type: 'toolUse', id: 't1', name: 'readFile', input: { path: 'a.ts' } };
      yield { type: 'guardrail', action: 'INTERVENED', policies: ['contentPolicy'] };
      yield { type: 'delta', text: 'lo' };
      yield { type: 'end', stopReason: 'end_turn', usage: { inputTokens: 5, outputTokens: 10, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 } };
    });
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog });
    const updates: TranscriptUpdate[] = [];
    session.onDidUpdate((u) => updates.push(u));
    const turn = await session.ask('Q');
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, 'Hello');
    assert.equal(turn.stats?.outputTokens, 10);
    assert.deepEqual(updates.map((u) => u.type), ['turnStarted', 'appended', 'appended', 'turnFinished']);
  });

  it('sends the earlier conversation with the next question', async () => {
    const { source, requests } = scripted(() => answerWith('A1'), () => answerWith('A2'));
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog });
    await session.ask('Q1');
    await session.ask('Q2');
    assert.deepEqual(requests[1].messages, [
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
    ]);
  });

  it('keeps the partial answer and a retryable error when the stream fails', async () => {
    const { source } = scripted(async function* () {
      yield { type: 'delta', text: 'partial ' };
      throw new TransportError('cut', 'The answer was cut off.', { retryable: true, code: 'Truncated' });
    });
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog });
    const turn = await session.ask('Q');
    assert.equal(turn.status, 'error');
    assert.equal(turn.answer, 'partial ');
    assert.deepEqual(turn.error, { message: 'The answer was cut off.', retryable: true });
  });

  it('stops mid-stream, keeping the text, and marks the turn stopped', async () => {
    const { source } = scripted(async function* (signal) {
      yield { type: 'delta', text: 'first' };
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new TransportError('aborted', 'Stopped.');
    });
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog });
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

  it('retries a failed turn in place of the old one', async () => {
    const { source, requests } = scripted(
      () => failWith(new TransportError('server', 'boom', { retryable: true })),
      () => answerWith('fixed'),
    );
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog });
    const failed = await session.ask('Q');
    const retried = await session.retry(failed.id);
    assert.equal(retried?.answer, 'fixed');
    assert.equal(session.turns.length, 1);
    assert.equal(requests[1].prompt, 'Q');
  });

  it('clears everything on New Chat, also in storage', async () => {
    const store = new MemoryStore();
    const { source } = scripted(() => answerWith('x'));
    const session = new ChatSession({ answer: source, history: new HistoryStore(store), settings: () => ({}), log: silentLog });
    await session.ask('Q');
    let reset = false;
    session.onDidReset(() => (reset = true));
    await session.newChat();
    assert.equal(reset, true);
    assert.equal(session.turns.length, 0);
    assert.equal(new HistoryStore(store).load().length, 0);
  });

  it('leaves the oldest turns out of a request over the body limit and says so on the turn', async () => {
    const { source, requests } = scripted(() => answerWith('答'.repeat(10_000)));
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog, limits: { maxBodyBytes: 100_000, maxMessages: 200 } });
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

  it('sends nothing when the new question and its code alone are over the body limit', async () => {
    const { source, requests } = scripted(() => answerWith('never'));
    const session = new ChatSession({ answer: source, history: new HistoryStore(new MemoryStore()), settings: () => ({}), log: silentLog, limits: { maxBodyBytes: 10_000, maxMessages: 200 } });
    const turn = await session.ask('Explain', { code: 'コード'.repeat(3000), fileName: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 1 });
    assert.equal(requests.length, 0, 'no request was made');
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.retryable, false);
    assert.match(turn.error?.message ?? '', /^This question and its code make a 53 KB request, over the endpoint's 10 KB limit, so it was not sent\. Select less code/);
    assert.equal(session.streaming, false);
  });
});
