import * as assert from 'node:assert/strict';
import type { StoredConversation } from '../../../src/chat/conversation';
import { conversationMarkdown, exportFileName, formatUsd } from '../../../src/chat/exportMarkdown';

const conversation: StoredConversation = {
  id: 'c1',
  title: 'Streaming from Lambda',
  createdAt: Date.UTC(2026, 11, 1),
  updatedAt: Date.UTC(2026, 11, 1, 10),
  turns: [
    {
      id: 't1',
      prompt: 'How do I stream?',
      content: 'How do I stream?\n\n```ts\nsecret code\n```',
      attachments: [{ id: 'a', kind: 'selection', label: 'app.ts:3-9', bytes: 2_560 }],
      reasoning: 'The user wants\nstreaming.',
      answer: 'Use a stream:\n\n```ts\nexport const handler = streamifyResponse(fn);\n```',
      status: 'done',
      stats: { model: 'claude-sonnet', inputTokens: 1234, outputTokens: 56, cacheReadInputTokens: 900, costUsd: 0.0123 },
    },
    { id: 't2', prompt: 'And a long one?', content: 'And a long one?', answer: 'Here:\n\n```python\nprint(1)', status: 'stopped', stats: { costUsd: 0.5 } },
    { id: 't3', prompt: 'Again', content: 'Again', answer: '', status: 'error', error: { message: 'Throttled by\nBedrock', retryable: true } },
  ],
};

describe('chat/conversationMarkdown', () => {
  const markdown = conversationMarkdown(conversation);

  it('has the title, the question count, the date and the total cost', () => {
    assert.match(markdown, /^# Streaming from Lambda\n\n\*Ask Bedrock · 3 questions · last updated 2026-12-01 · \$0\.5123\*/);
  });

  it('lists each question with what was attached (not its content) and each answer with its thinking and stats', () => {
    assert.match(markdown, /## You\n\nHow do I stream\?\n\nAttached: `app\.ts:3-9` \(2\.5 KB\)\n\n## Bedrock · claude-sonnet/);
    assert.ok(!markdown.includes('secret code'), 'the attachment itself is not exported');
    assert.match(markdown, /> \*\*Thinking\*\*\n>\n> The user wants\n> streaming\./);
    assert.match(markdown, /streamifyResponse\(fn\);\n```\n\n\*1,234 tokens in · 56 out · 900 cache read · \$0\.0123\*/);
  });

  it('closes the fence of an answer stopped inside a code block, and notes stopped and failed answers', () => {
    assert.match(markdown, /print\(1\)\n```\n\n\*\$0\.5000\*\n\n> Stopped\./);
    assert.match(markdown, /> \*\*Error:\*\* Throttled by Bedrock\n$/);
  });
});

describe('chat/exportFileName and formatUsd', () => {
  it('makes a file name from the title', () => {
    assert.equal(exportFileName('How do I stream from Lambda?'), 'how-do-i-stream-from-lambda.md');
    assert.equal(exportFileName('../../etc/passwd'), 'etc-passwd.md');
    assert.equal(exportFileName('  '), 'chat.md');
  });

  it('shows 4 decimals under a dollar', () => {
    assert.equal(formatUsd(0.01234), '$0.0123');
    assert.equal(formatUsd(12.345), '$12.35');
  });
});
