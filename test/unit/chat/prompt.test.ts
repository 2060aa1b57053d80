import * as assert from 'node:assert/strict';
import type { Attachment } from '../../../src/chat/attachment';
import { applyTargetOf, buildContinueMessages, buildInsertContent, buildMessages, buildTurnContent, buildUserContent, CONTINUE_PROMPT, describeInsertContext, fenceFor } from '../../../src/chat/prompt';

const RANGE = { start: { line: 4, character: 0 }, end: { line: 9, character: 1 } };
const selection: Attachment = {
  info: { id: 's', kind: 'selection', label: 'app.ts:5-10', detail: 'src/app.ts', bytes: 20 },
  content: 'const s = "```";',
  languageId: 'typescript',
  uri: 'file:///w/src/app.ts',
  range: RANGE,
};
const file: Attachment = { info: { id: 'f', kind: 'file', label: 'README.md', bytes: 7 }, content: '# Title', languageId: 'markdown', uri: 'file:///w/README.md' };
const problems: Attachment = { info: { id: 'p', kind: 'problems', label: 'Problems in app.ts (2)', bytes: 40 }, content: '- 3:1 error: a\n- 7:2 warning: b' };

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

  it('sends each attachment after the question: code and files fenced with their label and language, problems as their list', () => {
    assert.equal(buildTurnContent('Q', []), 'Q');
    assert.equal(
      buildTurnContent('Why?', [selection, file, problems]),
      'Why?\n\n' +
        'Selection `app.ts:5-10` (src/app.ts), typescript:\n````typescript\nconst s = "```";\n````\n\n' +
        'File `README.md`, markdown:\n```markdown\n# Title\n```\n\n' +
        'Problems in app.ts (2):\n- 3:1 error: a\n- 7:2 warning: b',
    );
  });

  it('aims Apply at the first selection or file that has a file: a selection with its range', () => {
    assert.deepEqual(applyTargetOf([problems, selection, file]), { uri: 'file:///w/src/app.ts', range: RANGE });
    assert.deepEqual(applyTargetOf([file, selection]), { uri: 'file:///w/README.md' });
    assert.equal(applyTargetOf([problems, { ...file, uri: undefined }]), undefined);
  });

  it('asks to continue with the answer so far as the assistant turn, then the continue request', () => {
    assert.deepEqual(buildContinueMessages([{ content: 'q1', answer: 'a1' }], { content: 'q2', answer: 'half' }), [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'half' },
      { role: 'user', content: CONTINUE_PROMPT },
    ]);
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
    const replace = buildInsertContent('make it async', { fileName: 'a.py', languageId: 'python', selection: 'def f(): pass', before: '', startLine: 1 });
    assert.match(replace, /replaces this selected code in `a.py` \(python\):\n```python\ndef f\(\): pass\n```/);
    const at = buildInsertContent('add a helper', { fileName: 'a.py', languageId: 'python', selection: '', before: 'import os\n', startLine: 2 });
    assert.match(at, /inserted at the cursor in `a.py` \(python\), after this code:\n```python\nimport os\n\n```/);
  });

  it('says which lines of which file an insertion sends', () => {
    const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line${from + i}`).join('\n');
    const base = { fileName: 'src/app.ts', languageId: 'typescript', selection: '' };
    // Cursor at column 0 of line 52: the 40 lines before it (12-51) are sent, not line 52.
    assert.equal(describeInsertContext({ ...base, before: `${lines(12, 51)}\n`, startLine: 52 }), 'src/app.ts lines 12–51');
    // Cursor inside line 51: lines 11-50 and the start of line 51.
    assert.equal(describeInsertContext({ ...base, before: `${lines(11, 50)}\n    ret`, startLine: 51 }), 'src/app.ts lines 11–51');
    assert.equal(describeInsertContext({ ...base, before: 'const a = ', startLine: 1 }), 'src/app.ts line 1');
    // A selection is sent instead of the lines before it; one ending at column 0 leaves that line out.
    assert.equal(describeInsertContext({ ...base, selection: 'a\nb\nc', before: lines(1, 6), startLine: 7 }), 'src/app.ts lines 7–9');
    assert.equal(describeInsertContext({ ...base, selection: 'a\nb\n', before: '', startLine: 7 }), 'src/app.ts lines 7–8');
    assert.equal(describeInsertContext({ ...base, selection: 'x', before: '', startLine: 3 }), 'src/app.ts line 3');
    // Windows line endings count the same.
    assert.equal(describeInsertContext({ ...base, before: 'a\r\nb\r\n', startLine: 3 }), 'src/app.ts lines 1–2');
    assert.equal(describeInsertContext({ ...base, before: '  \n\n', startLine: 3 }), undefined, 'blank lines are not sent');
  });

  it('describes an insertion as inert text: a hostile file name shows no command link, no icon, one line', () => {
    const fileName = '[Sign in again](command:workbench.action.terminal.new)$(alert)\nx.ts';
    const shown = describeInsertContext({ fileName, languageId: 'typescript', selection: 'x', before: '', startLine: 3 }) ?? '';
    assert.equal(shown, '[Sign in again] (command:workbench.action.terminal.new)$ (alert) x.ts line 3');
    const long = describeInsertContext({ fileName: `${'dir/'.repeat(100)}app.ts`, languageId: 'typescript', selection: 'x', before: '', startLine: 3 }) ?? '';
    assert.ok(long.length <= 200, `${long.length}`);
    assert.match(long, /^dir\/.*….*app\.ts line 3$/);
  });
});
