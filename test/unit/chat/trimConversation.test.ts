import * as assert from 'node:assert/strict';
import { formatKB, jsonBytes, requestTokens, trimConversation } from '../../../src/chat/trimConversation';
import type { ChatMessage, ChatRequest } from '../../../src/protocol/wire';

const NO_MESSAGE_LIMIT = 10_000;

/** A request whose history is `answers` (one exchange each) followed by the new question. */
function conversation(answers: readonly string[], question: string): ChatRequest {
  const messages: ChatMessage[] = answers.flatMap((answer, i): ChatMessage[] => [
    { role: 'user', content: `質問 ${i}` },
    { role: 'assistant', content: answer },
  ]);
  messages.push({ role: 'user', content: question });
  return { prompt: question, messages, maxTokens: 1024 };
}

/** The body the transport would send, measured as the Lambda measures it. */
const bodyBytes = (request: ChatRequest) => new TextEncoder().encode(JSON.stringify(request)).length;

describe('chat/trimConversation', () => {
  it('leaves a request that fits untouched', () => {
    const request = conversation(['a1', 'a2'], 'q3');
    const result = trimConversation(request, { maxBytes: bodyBytes(request), maxMessages: NO_MESSAGE_LIMIT });
    assert.ok(result.fits);
    assert.equal(result.omittedTurns, 0);
    assert.equal(result.request, request);
    assert.equal(result.bytes, bodyBytes(request));
  });

  it('counts UTF-8 bytes, not characters: Japanese answers are dropped oldest first', () => {
    // 10,000 characters of Japanese are 30,000 bytes: counting characters would keep far too much.
    const answers = Array.from({ length: 12 }, (_, i) => `${i}:${'日本語'.repeat(3334)}`);
    const request = conversation(answers, '次の質問は？');
    const limit = 100_000;
    const result = trimConversation(request, { maxBytes: limit, maxMessages: NO_MESSAGE_LIMIT });
    assert.ok(result.fits);
    assert.equal(result.omittedTurns, 9, 'three 30 KB answers fit in 100 KB, four do not');
    const kept = result.request.messages!;
    assert.deepEqual(kept.map((m) => m.content.slice(0, 3)), ['質問 ', '9:日', '質問 ', '10:', '質問 ', '11:', '次の質']);
    assert.equal(kept.at(-1)?.content, '次の質問は？', 'the new question is last and whole');
    assert.equal(result.request.prompt, '次の質問は？');
    assert.ok(bodyBytes(result.request) <= limit);
    assert.equal(result.bytes, bodyBytes(result.request), 'the size it reports is the real body size');
    assert.equal(request.messages!.length, 25, 'the input is not changed');
  });

  it('keeps an exchange at exactly the byte limit and drops it one byte below', () => {
    const request = conversation(['古い答え', '新しい答え'], 'いま');
    const withoutOldest = { ...request, messages: request.messages!.slice(2) };
    const exact = bodyBytes(withoutOldest);

    const atLimit = trimConversation(request, { maxBytes: exact, maxMessages: NO_MESSAGE_LIMIT });
    assert.ok(atLimit.fits);
    assert.equal(atLimit.omittedTurns, 1);
    assert.equal(atLimit.bytes, exact);
    assert.deepEqual(atLimit.request.messages, withoutOldest.messages);

    const below = trimConversation(request, { maxBytes: exact - 1, maxMessages: NO_MESSAGE_LIMIT });
    assert.ok(below.fits);
    assert.equal(below.omittedTurns, 2);
    assert.deepEqual(below.request.messages, [{ role: 'user', content: 'いま' }]);

    const whole = trimConversation(request, { maxBytes: bodyBytes(request), maxMessages: NO_MESSAGE_LIMIT });
    assert.ok(whole.fits);
    assert.equal(whole.omittedTurns, 0);
    const oneShort = trimConversation(request, { maxBytes: bodyBytes(request) - 1, maxMessages: NO_MESSAGE_LIMIT });
    assert.ok(oneShort.fits);
    assert.equal(oneShort.omittedTurns, 1);
  });

  it('refuses when the new question alone is too big, whatever history there is', () => {
    const question = `この .env を説明して\n${'秘密'.repeat(50_000)}`;
    const request = conversation(['short'], question);
    const alone = bodyBytes({ ...request, messages: request.messages!.slice(2) });
    const result = trimConversation(request, { maxBytes: alone - 1, maxMessages: NO_MESSAGE_LIMIT });
    assert.equal(result.fits, false);
    assert.equal(result.bytes, alone, 'reports the size of the smallest request it could have sent');
    const noHistory = trimConversation(conversation([], question), { maxBytes: alone - 1, maxMessages: NO_MESSAGE_LIMIT });
    assert.deepEqual(noHistory, { fits: false, bytes: alone, tokens: requestTokens(conversation([], question)), over: 'bytes' });
  });

  it('also drops the oldest exchanges to fit a limit on the number of messages', () => {
    const request = conversation(['a0', 'a1', 'a2', 'a3'], 'q');
    const result = trimConversation(request, { maxBytes: 1_000_000, maxMessages: 4 });
    assert.ok(result.fits);
    assert.equal(result.omittedTurns, 3);
    assert.deepEqual(result.request.messages?.map((m) => m.content), ['質問 3', 'a3', 'q']);
  });

  it('measures and formats sizes as the endpoint does', () => {
    assert.equal(jsonBytes({ t: '日本' }), 14);
    assert.equal(formatKB(256 * 1024), '256 KB');
    assert.equal(formatKB(256 * 1024 + 1), '257 KB');
  });

  it('drops the oldest exchanges to fit a token limit too, and says when tokens were what made them go', () => {
    const request = { ...conversation(['a'.repeat(4000), 'b'.repeat(4000), 'c'.repeat(4000)], 'q'), system: 's'.repeat(400) };
    assert.equal(requestTokens(request), 100 + 3 * (1 + 1000) + 1, 'the system prompt and every message, ceil(chars / 4) each');
    const result = trimConversation(request, { maxBytes: 1_000_000, maxMessages: NO_MESSAGE_LIMIT, maxTokens: 2000 });
    assert.ok(result.fits);
    assert.equal(result.omittedTurns, 2);
    assert.equal(result.tokens, 100 + 1001 + 1);
    assert.equal(result.tokensBound, true);
    const byBytes = trimConversation(request, { maxBytes: jsonBytes(request) - 1, maxMessages: NO_MESSAGE_LIMIT, maxTokens: 1_000_000 });
    assert.ok(byBytes.fits);
    assert.equal(byBytes.tokensBound, false);
    const tooMany = trimConversation(request, { maxBytes: 1_000_000, maxMessages: NO_MESSAGE_LIMIT, maxTokens: 50 });
    assert.deepEqual(tooMany, { fits: false, bytes: jsonBytes({ ...request, messages: request.messages!.slice(6) }), tokens: 101, over: 'tokens' });
  });

  it('never drops the last `keepLast` messages (Continue keeps the question, the answer so far and the continue request)', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'q0' },
      { role: 'assistant', content: 'a0'.repeat(100) },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'partial'.repeat(100) },
      { role: 'user', content: 'continue' },
    ];
    const request: ChatRequest = { prompt: 'continue', messages };
    const result = trimConversation(request, { maxBytes: 10, maxMessages: 1, keepLast: 3 });
    assert.equal(result.fits, false);
    const fits = trimConversation(request, { maxBytes: 100_000, maxMessages: 3, keepLast: 3 });
    assert.ok(fits.fits);
    assert.deepEqual(fits.request.messages?.map((m) => m.content.slice(0, 7)), ['q1', 'partial', 'continu']);
  });
});
