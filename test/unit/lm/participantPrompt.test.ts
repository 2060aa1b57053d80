import * as assert from 'node:assert/strict';
import type { CodeContext } from '../../../src/chat/prompt';
import {
  buildParticipantRequest,
  followupsFor,
  historyExchanges,
  lastCodeBlock,
  MAX_REFERENCE_BYTES,
  participantQuestion,
  participantUserContent,
  unusableReference,
} from '../../../src/lm/participantPrompt';

const FILE: CodeContext = { code: 'const a = 1;\n', fileName: 'src/a.ts', languageId: 'typescript', startLine: 1, endLine: 2 };
const SELECTION: CodeContext = { code: 'x ``` y', fileName: 'src/b.ts', languageId: 'typescript', startLine: 4, endLine: 4 };

describe('@bedrock prompt (lm/participantPrompt)', () => {
  it('a free question goes as typed; /explain, /fix and /tests put their instruction first', () => {
    assert.equal(participantQuestion('  why? ', undefined), 'why?');
    assert.match(participantQuestion('the loop', 'explain'), /^Explain what the code .*\n\nthe loop$/s);
    assert.match(participantQuestion('', 'fix'), /^Find the problems .*\n\nFix this code\.$/s);
    assert.match(participantQuestion('', 'tests'), /^Write unit tests .*\n\nWrite tests for this code\.$/s);
    assert.equal(participantQuestion('hi', 'unknown'), 'hi', 'a command we do not declare adds nothing');
  });

  it('each reference becomes a fenced context block, in order, with a fence its code cannot close', () => {
    const content = participantUserContent('what?', 'explain', [FILE, SELECTION]);
    const first = content.indexOf('Context: `src/a.ts` (lines 1-2, typescript):\n```typescript\nconst a = 1;\n\n```');
    const second = content.indexOf('Context: `src/b.ts` (line 4, typescript):\n````typescript\nx ``` y\n````');
    assert.ok(first > 0, content);
    assert.ok(second > first, content);
    assert.equal(participantUserContent('what?', undefined, []), 'what?');
  });

  it('history pairs each request with its answer; a request without an answer is left out', () => {
    const exchanges = historyExchanges([
      { kind: 'request', prompt: 'first', command: 'explain' },
      { kind: 'response', text: 'It adds.' },
      { kind: 'request', prompt: 'failed one' },
      { kind: 'request', prompt: 'second' },
      { kind: 'response', text: 'Yes.' },
      { kind: 'response', text: 'orphan' },
    ]);
    assert.equal(exchanges.length, 2);
    assert.match(exchanges[0].content, /^Explain what .*\n\nfirst$/s);
    assert.equal(exchanges[0].answer, 'It adds.');
    assert.deepEqual(exchanges[1], { content: 'second', answer: 'Yes.' });
  });

  it('the wire request carries the history as alternating messages, the new turn with context, and the panel\'s model', () => {
    const request = buildParticipantRequest(
      {
        prompt: 'and now?',
        command: 'fix',
        contexts: [FILE],
        history: [
          { kind: 'request', prompt: 'hello' },
          { kind: 'response', text: 'Hi.' },
          { kind: 'request', prompt: 'cancelled' },
          { kind: 'response', text: '' },
        ],
      },
      { system: 'sys', modelId: 'anthropic.claude-x', maxTokens: 512, temperature: 0.2 },
    );
    assert.deepEqual(request.messages?.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(request.messages?.[1].content, 'Hi.');
    const last = request.messages?.[2].content;
    assert.equal(typeof last, 'string');
    assert.match(last as string, /^Find the problems .*and now\?\n\nContext: `src\/a.ts`/s);
    assert.equal(request.prompt, last, 'prompt repeats the last user turn for v1 endpoints');
    assert.equal(request.modelId, 'anthropic.claude-x');
    assert.equal(request.system, 'sys');
    const noModel = buildParticipantRequest({ prompt: 'q', contexts: [], history: [] }, { system: 'sys', modelId: '' });
    assert.equal('modelId' in noModel, false, 'an empty model setting leaves the choice to the endpoint');
  });

  it('lastCodeBlock finds the last closed fenced block, whatever its fence, and ignores an unclosed one', () => {
    assert.equal(lastCodeBlock('no code'), undefined);
    assert.equal(lastCodeBlock('a\n```ts\none\n```\nb\n````js\ntwo\n```\nstill two\n````\n'), 'two\n```\nstill two');
    assert.equal(lastCodeBlock('```\nfirst\n```\n~~~py\nsecond\n~~~'), 'second');
    assert.equal(lastCodeBlock('```\nfirst\n```\n```\ncut off'), 'first');
  });

  it('follow-ups suggest the next command', () => {
    assert.deepEqual(followupsFor('explain').map((f) => f.command), ['fix', 'tests']);
    assert.deepEqual(followupsFor('fix').map((f) => f.command), ['tests']);
    assert.equal(followupsFor('tests')[0].command, undefined);
    assert.deepEqual(followupsFor(undefined).map((f) => f.command), ['explain']);
  });

  it('a referenced file goes along only as bounded text: too large or binary is refused', () => {
    assert.equal(unusableReference(new TextEncoder().encode('plain text\n')), undefined);
    assert.equal(unusableReference(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])), 'a binary file');
    assert.match(unusableReference(new Uint8Array(MAX_REFERENCE_BYTES + 1).fill(65)) ?? '', /larger than 100 KB/);
    assert.equal(unusableReference(new Uint8Array(MAX_REFERENCE_BYTES).fill(65)), undefined);
  });
});
