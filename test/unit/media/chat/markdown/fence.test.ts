import * as assert from 'node:assert/strict';
import { dedentCodeLine, isFenceClose, parseFenceOpen } from '../../../../../media/chat/markdown/fence';
import { NewlineNormalizer } from '../../../../../media/chat/markdown/newlines';

describe('media/markdown fences and newlines', () => {
  it('parses opening fences like marked', () => {
    assert.deepEqual(parseFenceOpen('```ts'), { indent: 0, fence: '```', info: 'ts' });
    assert.deepEqual(parseFenceOpen('  ~~~~ python x'), { indent: 2, fence: '~~~~', info: 'python x' });
    assert.equal(parseFenceOpen('    ```'), undefined, 'four spaces is indented code');
    assert.equal(parseFenceOpen('``` a`b'), undefined, 'backticks in a backtick info string');
    assert.equal(parseFenceOpen('``'), undefined);
  });

  it('closes only with the same fence (plus more fence characters and spaces)', () => {
    const open = parseFenceOpen('````')!;
    assert.equal(isFenceClose('````', open), true);
    assert.equal(isFenceClose('   `````  ', open), true);
    assert.equal(isFenceClose('```', open), false);
    assert.equal(isFenceClose('    ````', open), false);
    assert.equal(isFenceClose('```` x', open), false);
    assert.equal(dedentCodeLine('    x', 2), '  x');
    assert.equal(dedentCodeLine(' x', 3), 'x');
  });

  it('normalizes CRLF split across chunks', () => {
    const n = new NewlineNormalizer();
    assert.equal(['a\r', '\nb\r', '\r\n', 'c\r'].map((c) => n.push(c)).join(''), 'a\nb\n\nc\n');
  });
});
