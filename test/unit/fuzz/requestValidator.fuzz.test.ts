import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRequest, validateRequest } from '../../../src/protocol';
import { FUZZ_RUNS } from './runs';

describe('fuzz: request validator', () => {
  it('never throws, and a valid result is always a conversation ending in a user turn', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateRequest(input);
        if (!result.ok) {
          assert.equal(typeof result.message, 'string');
          assert.ok(result.message.length > 0);
          return;
        }
        const { messages } = result.value;
        assert.ok(messages.length > 0);
        assert.equal(messages[messages.length - 1].role, 'user');
        messages.forEach((m, i) => assert.equal(m.role, i % 2 === 0 ? 'user' : 'assistant'));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never throws on arbitrary body text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        const result = parseRequest(body);
        assert.equal(typeof result.ok, 'boolean');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('accepts every well-formed request and keeps its fields', () => {
    const content = fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(content, content), { maxLength: 5 }),
        content,
        fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (pairs, last, maxTokens, temperature) => {
          const messages = [...pairs.flatMap(([q, a]) => [{ role: 'user', content: q }, { role: 'assistant', content: a }]), { role: 'user', content: last }];
          const result = validateRequest({ messages, maxTokens, temperature });
          assert.ok(result.ok, result.ok ? '' : result.message);
          assert.deepEqual(result.value.messages, messages);
          assert.equal(result.value.maxTokens, maxTokens);
          assert.equal(result.value.temperature, temperature);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
