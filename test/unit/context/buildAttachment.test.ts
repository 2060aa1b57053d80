import * as assert from 'node:assert/strict';
import { attachmentKey, baseName, fileAttachment, languageFromFileName, problemsAttachment, selectionAttachmentOf, type Problem } from '../../../src/context/buildAttachment';

const file = { uri: 'file:///ws/src/app.ts', relativePath: 'src/app.ts', languageId: 'typescript', text: 'const a = "é";\n' };

describe('buildAttachment', () => {
  it('a file: its name as the label, its path as the detail, its UTF-8 size, its text and uri', () => {
    const a = fileAttachment(file);
    assert.deepEqual({ ...a.info, id: '' }, { id: '', kind: 'file', label: 'app.ts', detail: 'src/app.ts', bytes: 16 });
    assert.equal(a.content, file.text);
    assert.equal(a.languageId, 'typescript');
    assert.equal(a.uri, file.uri);
    assert.equal(a.range, undefined);
    assert.notEqual(fileAttachment(file).info.id, a.info.id, 'each chip has its own id');
  });

  it('a selection is labelled with its 1-based lines; an end at column 0 leaves that line out', () => {
    const range = { start: { line: 11, character: 0 }, end: { line: 40, character: 0 } };
    const a = selectionAttachmentOf({ ...file, text: 'x' }, range);
    assert.equal(a.info.kind, 'selection');
    assert.equal(a.info.label, 'app.ts:12-40');
    assert.equal(a.info.detail, 'src/app.ts:12-40');
    assert.deepEqual(a.range, range, 'the range is kept for Apply');
    assert.equal(selectionAttachmentOf({ ...file, text: 'x' }, { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } }).info.label, 'app.ts:5');
  });

  it('labels from file names are inert: no command link, no icon, no line break', () => {
    const a = fileAttachment({ ...file, relativePath: 'evil/[x](command:rm)$(alert)\nname.ts' });
    assert.doesNotMatch(a.info.label, /\]\(|\$\(|\n/);
    assert.doesNotMatch(a.info.detail ?? '', /\]\(|\$\(|\n/);
  });

  it('problems: a list sorted by position with severity, message, origin and the source line', () => {
    const problems: Problem[] = [
      { severity: 'warning', line: 9, character: 2, message: 'unused\n  variable', source: 'eslint', code: 'no-unused-vars' },
      { severity: 'error', line: 1, character: 4, message: "Cannot find name 'foo'.", source: 'ts', code: '2304' },
    ];
    const lines = ['', '    foo();', '', '', '', '', '', '', '', '  let x = 1;'];
    const a = problemsAttachment(file, problems, (line) => lines[line]);
    assert.ok(a);
    assert.equal(a.info.kind, 'problems');
    assert.equal(a.info.label, 'Problems in app.ts (2)');
    assert.equal(
      a.content,
      "Problems reported in src/app.ts:\n- error at 2:5: Cannot find name 'foo'. (ts 2304)\n  line: foo();\n- warning at 10:3: unused variable (eslint no-unused-vars)\n  line: let x = 1;",
    );
    assert.equal(a.info.bytes, Buffer.byteLength(a.content));
    assert.equal(problemsAttachment(file, [], () => ''), undefined, 'no problems: nothing to attach');
  });

  it('very many problems are cut with a count of the rest', () => {
    const many: Problem[] = Array.from({ length: 250 }, (_, i) => ({ severity: 'error', line: i, character: 0, message: `e${i}` }));
    const a = problemsAttachment(file, many, () => undefined);
    assert.ok(a);
    assert.equal(a.info.label, 'Problems in app.ts (250)');
    assert.match(a.content, /- … and 50 more$/);
    assert.doesNotMatch(a.content, /e200\b/);
  });

  it('the same file, selection or problems share a key; another range does not', () => {
    const range = { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } };
    assert.equal(attachmentKey(fileAttachment(file)), attachmentKey(fileAttachment(file)));
    assert.equal(attachmentKey(selectionAttachmentOf(file, range)), attachmentKey(selectionAttachmentOf({ ...file, text: 'other' }, range)));
    assert.notEqual(attachmentKey(selectionAttachmentOf(file, range)), attachmentKey(selectionAttachmentOf(file, { ...range, end: { line: 3, character: 0 } })));
    assert.notEqual(attachmentKey(selectionAttachmentOf(file, range)), attachmentKey(fileAttachment(file)));
  });

  it('file names: base name and a language tag from the extension', () => {
    assert.equal(baseName('a/b/c.py'), 'c.py');
    assert.equal(baseName('a\\b\\c.py'), 'c.py');
    assert.equal(languageFromFileName('src/Main.JAVA'), 'java');
    assert.equal(languageFromFileName('Makefile'), 'text');
    assert.equal(languageFromFileName('.gitignore'), 'text');
  });
});
