import * as assert from 'node:assert/strict';
import { chooseRange, looksLikeReplacement, minimalReplacement, proposeDocument } from '../../../src/editor/proposedEdit';
import { APPLY_FIXTURE as FILE } from '../../support/applyFixture';

/** The offsets of `snippet` in FILE. */
function rangeOf(snippet: string) {
  const start = FILE.indexOf(snippet);
  assert.ok(start >= 0, `${snippet} is in the file`);
  return { start, end: start + snippet.length };
}

const ADD = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';

describe('proposedEdit', () => {
  it('a rewritten function reads as a replacement for the selected function', () => {
    const code = 'export function add(a: number, b: number): number {\n  if (!Number.isFinite(a + b)) throw new RangeError("overflow");\n  return a + b;\n}';
    assert.equal(looksLikeReplacement(code, FILE, rangeOf(ADD)), true);
  });

  it('the whole file with a change is not a replacement for one function of it', () => {
    const whole = FILE.replace('return a + b;', 'return a + b + 0;');
    assert.equal(looksLikeReplacement(whole, FILE, rangeOf(ADD)), false);
    assert.deepEqual(chooseRange(whole, FILE, [rangeOf(ADD)]), { start: 0, end: FILE.length });
  });

  it('the first candidate that fits wins; an empty one never fits; none: the whole file', () => {
    const code = 'export function add(a: number, b: number) {\n  return b + a;\n}';
    const empty = { start: 5, end: 5 };
    assert.deepEqual(chooseRange(code, FILE, [undefined, empty, rangeOf(ADD)]), rangeOf(ADD));
    assert.deepEqual(chooseRange(code, FILE, []), { start: 0, end: FILE.length });
  });

  it('a range that is the whole file (nothing significant outside it) always fits', () => {
    assert.equal(looksLikeReplacement('x', FILE, { start: 0, end: FILE.length }), true);
  });

  it('the proposed document puts the code in place of the range and keeps the line break the range ended with', () => {
    const code = 'export function add(a: number, b: number) {\n  return b + a;\n}';
    const proposed = proposeDocument(FILE, rangeOf(ADD), code);
    assert.equal(proposed, FILE.replace(ADD, `${code}\n`));
    assert.equal(proposeDocument('abc', { start: 1, end: 2 }, 'X'), 'aXc', 'no line break to keep');
    assert.equal(proposeDocument('a\nb\n', { start: 0, end: 4 }, 'new'), 'new\n', 'whole file: its final newline kept');
  });

  it('a CRLF document gets CRLF code', () => {
    const crlf = 'one\r\ntwo\r\nthree\r\n';
    assert.equal(proposeDocument(crlf, { start: 5, end: 10 }, 'TWO\nTWO'), 'one\r\nTWO\r\nTWO\r\nthree\r\n');
  });

  it('the edit is the smallest single replacement, and applying it gives the proposed text', () => {
    const before = FILE;
    const after = proposeDocument(FILE, rangeOf(ADD), 'export function add(a: number, b: number) {\n  return b + a;\n}');
    const edit = minimalReplacement(before, after);
    assert.equal(edit.text, 'b + a');
    assert.equal(before.slice(0, edit.start) + edit.text + before.slice(edit.end), after);
    assert.deepEqual(minimalReplacement('same', 'same'), { start: 4, end: 4, text: '' });
    assert.deepEqual(minimalReplacement('aaa', 'aaaa'), { start: 3, end: 3, text: 'a' }, 'repeats: the shared parts never overlap');
  });

  it('never splits a CRLF pair or a surrogate pair', () => {
    for (const [before, after] of [
      ['a\r\nb', 'a\r\r\nb'],
      ['x\r\ny', 'x\ny'],
      ['😀a', '😃a'],
      ['a😀', 'a😃'],
    ]) {
      const edit = minimalReplacement(before, after);
      assert.equal(before.slice(0, edit.start) + edit.text + before.slice(edit.end), after, JSON.stringify({ before, after }));
      for (const at of [edit.start, edit.end]) {
        assert.ok(!(before[at - 1] === '\r' && before[at] === '\n'), `offset ${at} splits CRLF in ${JSON.stringify(before)}`);
        const code = before.charCodeAt(at);
        assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `offset ${at} splits a surrogate pair in ${JSON.stringify(before)}`);
      }
    }
  });
});
