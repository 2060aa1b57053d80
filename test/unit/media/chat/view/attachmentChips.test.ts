import * as assert from 'node:assert/strict';
import type { AttachmentInfo, WebviewToHost } from '../../../../../src/protocol/webview';
import { AttachmentChips } from '../../../../../media/chat/view/attachmentChips';
import { formatByteSize } from '../../../../../media/chat/view/byteSize';
import { createWindow } from '../../../../support/jsdomRenderer';

const FILE: AttachmentInfo = { id: 'f', kind: 'file', label: 'app.ts', detail: 'src/app.ts', bytes: 12_595 };
const SELECTION: AttachmentInfo = { id: 's', kind: 'selection', label: 'app.ts:12-40', detail: 'src/app.ts', bytes: 700 };
const PROBLEMS: AttachmentInfo = { id: 'p', kind: 'problems', label: 'Problems in app.ts (3)', bytes: 240 };

function setup() {
  const win = createWindow();
  const doc = win.document;
  const input = doc.createElement('textarea');
  const posted: WebviewToHost[] = [];
  const chips = new AttachmentChips(doc, (m) => posted.push(m), () => input.focus());
  doc.body.append(chips.root, input);
  const chip = (id: string) => Array.from(chips.root.querySelectorAll<HTMLElement>('.chip')).find((c) => c.getAttribute('aria-label')?.startsWith(id))!;
  const press = (target: HTMLElement, key: string) => {
    const event = new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event;
  };
  return { doc, input, posted, chips, chip, press };
}

describe('media/view/formatByteSize', () => {
  it('uses B, KB and MB (1 KB = 1024 bytes) with one decimal', () => {
    assert.equal(formatByteSize(0), '0 B');
    assert.equal(formatByteSize(1023), '1023 B');
    assert.equal(formatByteSize(1024), '1.0 KB');
    assert.equal(formatByteSize(12_595), '12.3 KB');
    assert.equal(formatByteSize(1.5 * 1024 * 1024), '1.5 MB');
  });
});

describe('media/view/AttachmentChips', () => {
  it('is hidden with no chips and shows name, size, icon and tooltip for each', () => {
    const { chips } = setup();
    assert.equal(chips.root.hidden, true);
    assert.equal(chips.root.getAttribute('role'), 'list');
    chips.update([FILE, SELECTION, PROBLEMS]);
    assert.equal(chips.root.hidden, false);
    const shown = Array.from(chips.root.querySelectorAll<HTMLElement>('.chip')).map((c) => ({
      label: c.querySelector('.chip-label')!.textContent,
      size: c.querySelector('.chip-size')!.textContent,
      icon: c.querySelector('.codicon')!.className,
      aria: c.getAttribute('aria-label'),
      title: c.title,
      tab: c.tabIndex,
    }));
    assert.deepEqual(shown, [
      { label: 'app.ts', size: '12.3 KB', icon: 'codicon codicon-file', aria: 'app.ts, 12.3 KB', title: 'src/app.ts (12.3 KB)', tab: 0 },
      { label: 'app.ts:12-40', size: '700 B', icon: 'codicon codicon-list-selection', aria: 'app.ts:12-40, 700 B', title: 'src/app.ts (700 B)', tab: 0 },
      { label: 'Problems in app.ts (3)', size: '240 B', icon: 'codicon codicon-warning', aria: 'Problems in app.ts (3), 240 B', title: 'Problems in app.ts (3) (240 B)', tab: 0 },
    ]);
    assert.deepEqual(chips.ids(), ['f', 's', 'p']);
    assert.equal(chips.root.querySelectorAll('button[aria-label="Remove app.ts:12-40"]').length, 1);
  });

  it('labels are text, never markup', () => {
    const { chips } = setup();
    chips.update([{ ...FILE, label: '<img src=x onerror=alert(1)>.ts', detail: '<b>x</b>' }]);
    assert.equal(chips.root.querySelector('img, b'), null);
    assert.equal(chips.root.querySelector('.chip-label')!.textContent, '<img src=x onerror=alert(1)>.ts');
  });

  it('the remove button posts removeAttachment and drops the chip at once', () => {
    const { chips, posted } = setup();
    chips.update([FILE, SELECTION]);
    chips.root.querySelector<HTMLButtonElement>('button[aria-label="Remove app.ts"]')!.click();
    assert.deepEqual(posted, [{ type: 'removeAttachment', id: 'f' }]);
    assert.deepEqual(chips.ids(), ['s']);
    assert.equal(chips.root.querySelectorAll('.chip').length, 1);
  });

  it('a list the host sent before it saw a removal does not bring the chip back; a later add of the same id does', () => {
    const { chips } = setup();
    chips.update([FILE, SELECTION]);
    chips.root.querySelector<HTMLButtonElement>('button[aria-label="Remove app.ts"]')!.click();
    chips.update([FILE, SELECTION, PROBLEMS]);
    assert.deepEqual(chips.ids(), ['s', 'p'], 'stale list: the removed chip stays removed');
    chips.update([SELECTION, PROBLEMS]);
    chips.update([SELECTION, PROBLEMS, FILE]);
    assert.deepEqual(chips.ids(), ['s', 'p', 'f'], 'once the host confirmed, the id may come back');
  });

  it('Backspace or Delete on a focused chip removes it; focus moves to the next chip, then the previous, then the input', () => {
    const { doc, input, chips, chip, press, posted } = setup();
    chips.update([FILE, SELECTION, PROBLEMS]);
    const selection = chip('app.ts:12-40');
    selection.focus();
    assert.equal(press(selection, 'Backspace').defaultPrevented, true);
    assert.equal(doc.activeElement, chip('Problems'), 'the next chip');
    press(chip('Problems'), 'Delete');
    assert.equal(doc.activeElement, chip('app.ts,'), 'the previous chip');
    press(chip('app.ts,'), 'Backspace');
    assert.equal(doc.activeElement, input, 'the input once no chip is left');
    assert.equal(chips.root.hidden, true);
    assert.deepEqual(posted.map((m) => m.type === 'removeAttachment' && m.id), ['s', 'p', 'f']);
  });

  it('other keys, and Delete on the remove button itself, do not remove through the chip handler', () => {
    const { chips, chip, press, posted } = setup();
    chips.update([FILE]);
    press(chip('app.ts'), 'a');
    press(chip('app.ts').querySelector('button')!, 'Delete');
    assert.deepEqual(posted, []);
  });

  it('a new list from the host keeps the focused chip element (and its focus) and follows the host order', () => {
    const { doc, chips, chip } = setup();
    chips.update([FILE, SELECTION]);
    const focused = chip('app.ts:12-40');
    focused.focus();
    chips.update([PROBLEMS, { ...SELECTION, bytes: 2048 }, FILE]);
    assert.equal(chip('app.ts:12-40'), focused, 'same element');
    assert.equal(doc.activeElement, focused);
    assert.equal(focused.querySelector('.chip-size')!.textContent, '2.0 KB');
    assert.deepEqual(chips.ids(), ['p', 's', 'f']);
    assert.deepEqual(Array.from(chips.root.children).map((c) => c.querySelector('.chip-label')!.textContent), ['Problems in app.ts (3)', 'app.ts:12-40', 'app.ts']);
  });

  it('any reordering, additions and removals keep the focused chip focused (seeded permutations)', () => {
    const { doc, chips } = setup();
    const infos = Array.from({ length: 7 }, (_, i): AttachmentInfo => ({ id: `c${i}`, kind: 'file', label: `f${i}.ts`, bytes: i }));
    let seed = 7;
    const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
    let kept = 0;
    for (let round = 0; round < 60; round++) {
      const focused = doc.activeElement;
      const focusedLabel = chips.root.contains(focused) ? focused!.querySelector('.chip-label')?.textContent : undefined;
      const list = infos.filter(() => random() < 0.7).sort(() => random() - 0.5);
      chips.update(list);
      assert.deepEqual(Array.from(chips.root.children).map((c) => c.querySelector('.chip-label')!.textContent), list.map((i) => i.label), `round ${round}`);
      if (focusedLabel && list.some((i) => i.label === focusedLabel)) {
        assert.equal(doc.activeElement, focused, `round ${round}: focus kept on ${focusedLabel}`);
        kept++;
      }
      const all = chips.root.querySelectorAll<HTMLElement>('.chip');
      all.item(Math.floor(random() * all.length))?.focus();
    }
    assert.ok(kept > 20, `the focused chip stayed in ${kept} rounds`);
  });

  it('when the host drops the focused chip, focus stays in the composer', () => {
    const { doc, input, chips, chip } = setup();
    chips.update([FILE]);
    chip('app.ts').focus();
    chips.update([]);
    assert.equal(doc.activeElement, input);
    assert.equal(chips.root.hidden, true);
  });
});
