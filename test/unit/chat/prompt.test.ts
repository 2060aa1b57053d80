import * as assert from 'node:assert/strict';
import { buildInsertContent, buildMessages, buildUserContent, fenceFor } from '../../../src/chat/prompt';

describe('chat/prompt', () => {
  it('sends the question alone when there is no selection', () => {
    assert.equal(buildUserContent('What is SSE?'), 'What is SSE?');
  });

  it('adds the selected code with file, lines and language in a fence', () => {
    const content = buildUserContent('Explain', { code: 'const x = 1;', fileName: 'src/a.ts', languageId: 'typescript', startLine: 3, endLine: 5 });
    assert.equal(content, 'Explain\n\nContext: `src/a.ts` (lines 3-5, typescript):\n```typescript\nconst x = 1;\n```');
  });

  it('uses a fence longer than any backtick run in the code', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('a ```` b'), '`````');
    const content = buildUserContent('Q', { code: '```\ninner\n```', fileName: 'README.md', languageId: 'markdown', startLine: 1, endLine: 1 });
    assert.match(content, /\(line 1, markdown\):\n````markdown\n```\ninner\n```\n````$/);
  });

  it('builds an alternating conversation, skipping turns with no answer', () => {
    const messages = buildMessages(
      [
        { content: 'q1', answer: 'a1' },
        { content: 'q2 failed', answer: '' },
        { content: 'q3', answer: 'a3 partial' },
      ],
      'q4',
    );
    assert.deepEqual(messages, [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q3' },
      { role: 'assistant', content: 'a3 partial' },
      { role: 'user', content: 'q4' },
    ]);
  });

  it('frames an insertion with the selection it replaces, or the code before the cursor', () => {
    const replace = buildInsertContent('make it async', { fileName: 'a.py', languageId: 'python', selection: 'def f(): pass', before: '' });
    assert.match(replace, /replaces this selected code in `a.py` \(python\):\n```python\ndef f\(\): pass\n```/);
    const at = buildInsertContent('add a helper', { fileName: 'a.py', languageId: 'python', selection: '', before: 'import os\n' });
    assert.match(at, /inserted at the cursor in `a.py` \(python\), after this code:\n```python\nimport os\n\n```/);
  });
});
