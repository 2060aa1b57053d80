import * as assert from 'node:assert/strict';
import { clampMaxFileKilobytes, DEFAULT_MAX_FILE_KILOBYTES, fileRefusal, formatKilobytes, looksBinary, sizeRefusal } from '../../../src/context/fileGuard';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('fileGuard', () => {
  it('the size setting is whole kilobytes within 1–1024, the default when it is not a number', () => {
    assert.equal(clampMaxFileKilobytes(undefined), DEFAULT_MAX_FILE_KILOBYTES);
    assert.equal(clampMaxFileKilobytes('128'), DEFAULT_MAX_FILE_KILOBYTES);
    assert.equal(clampMaxFileKilobytes(Number.NaN), DEFAULT_MAX_FILE_KILOBYTES);
    assert.equal(clampMaxFileKilobytes(0), 1);
    assert.equal(clampMaxFileKilobytes(-5), 1);
    assert.equal(clampMaxFileKilobytes(5000), 1024);
    assert.equal(clampMaxFileKilobytes(12.6), 13);
    assert.equal(clampMaxFileKilobytes(256), 256);
  });

  it('a file over the limit is refused with its size, the limit and the setting to change', () => {
    assert.equal(sizeRefusal('big.ts', 64 * 1024, 64 * 1024), undefined, 'exactly the limit is allowed');
    const message = sizeRefusal('big.ts', 100 * 1024 + 300, 64 * 1024);
    assert.equal(message, 'big.ts was not attached: it is 100.3 KB, over the 64 KB limit for attachments (setting askBedrock.context.maxFileKilobytes).');
  });

  it('a NUL byte in the first 8 KB means binary; after them it does not', () => {
    assert.equal(looksBinary(utf8('plain text\n')), false);
    assert.equal(looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), true, 'a zip header');
    const lateNul = new Uint8Array(9000).fill(0x61);
    lateNul[8500] = 0;
    assert.equal(looksBinary(lateNul), false);
  });

  it('invalid UTF-8 means binary; Japanese text and a character cut at the 8 KB mark do not', () => {
    assert.equal(looksBinary(new Uint8Array([0x61, 0xff, 0xfe, 0x61])), true, 'bytes that are never UTF-8');
    assert.equal(looksBinary(new Uint8Array([0x61, 0xe3, 0x81])), true, 'a whole file that ends inside a character');
    assert.equal(looksBinary(utf8('こんにちは、世界\n'.repeat(10))), false);
    // "あ" is 3 bytes: 8191 ASCII bytes put its first byte at the end of the sniffed head.
    const cut = utf8(`${'a'.repeat(8191)}あいう`);
    assert.equal(looksBinary(cut), false);
  });

  it('fileRefusal: size first, then binary; text within the limit passes', () => {
    assert.equal(fileRefusal('a.txt', utf8('hello'), 1024), undefined);
    assert.match(fileRefusal('a.bin', new Uint8Array([1, 0, 2]), 1024) ?? '', /^a\.bin was not attached: it looks like a binary file, and only text is sent\.$/);
    assert.match(fileRefusal('a.bin', new Uint8Array(2048), 1024) ?? '', /over the 1 KB limit/);
  });

  it('sizes read as chips show them', () => {
    assert.equal(formatKilobytes(1024), '1 KB');
    assert.equal(formatKilobytes(12_595), '12.3 KB');
  });
});
