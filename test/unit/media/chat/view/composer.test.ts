import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../../../../src/protocol/webview';
import { Composer } from '../../../../../media/chat/view/composer';
import { ModelPicker } from '../../../../../media/chat/view/modelPicker';
import { createWindow } from '../../../../support/jsdomRenderer';

function composer(withPicker = false) {
  const win = createWindow();
  const posted: WebviewToHost[] = [];
  let draft = 'saved draft';
  const post = (m: WebviewToHost) => posted.push(m);
  const picker = withPicker ? new ModelPicker(win.document, post) : undefined;
  const c = new Composer(win.document, post, { load: () => draft, save: (d) => (draft = d) }, { picker });
  win.document.body.append(c.root);
  const key = (init: KeyboardEventInit) => {
    const event = new win.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
    c.input.dispatchEvent(event);
    return event;
  };
  return { win, c, posted, key, picker, draft: () => draft };
}

describe('media/view/Composer', () => {
  it('restores the draft, sends on Enter and clears it', () => {
    const { c, posted, key, draft } = composer();
    assert.equal(c.input.value, 'saved draft');
    assert.equal(key({}).defaultPrevented, true);
    assert.deepEqual(posted, [{ type: 'send', prompt: 'saved draft', attachmentIds: [] }]);
    assert.equal(c.input.value, '');
    assert.equal(draft(), '');
  });

  it('does not send on Shift+Enter, during IME composition, or when empty', () => {
    const { c, posted, key } = composer();
    assert.equal(key({ shiftKey: true }).defaultPrevented, false);
    assert.equal(key({ isComposing: true }).defaultPrevented, false);
    assert.equal(key({ keyCode: 229 } as KeyboardEventInit).defaultPrevented, false);
    c.input.value = '   ';
    key({});
    assert.deepEqual(posted, []);
  });

  it('shows Stop instead of Send while streaming, and does not send then', () => {
    const { c, posted, key } = composer();
    const send = c.root.querySelector<HTMLButtonElement>('[aria-label="Send"]')!;
    const stop = c.root.querySelector<HTMLButtonElement>('[aria-label="Stop"]')!;
    c.setStreaming(true);
    assert.equal(send.hidden, true);
    assert.equal(stop.hidden, false);
    key({});
    stop.click();
    assert.deepEqual(posted, [{ type: 'stop' }]);
  });

  it('Attach posts attach with no source (the host asks which)', () => {
    const { c, posted } = composer();
    c.root.querySelector<HTMLButtonElement>('button[aria-label="Attach context"]')!.click();
    assert.deepEqual(posted, [{ type: 'attach' }]);
  });

  it('Send carries the ids of the chips on screen, in order', () => {
    const { c, posted, key } = composer();
    c.chips.update([
      { id: 'a1', kind: 'file', label: 'app.ts', bytes: 2048 },
      { id: 'a2', kind: 'problems', label: 'Problems in app.ts (3)', bytes: 300 },
      { id: 'a3', kind: 'selection', label: 'app.ts:1-4', bytes: 90 },
    ]);
    c.root.querySelector<HTMLButtonElement>('button[aria-label="Remove Problems in app.ts (3)"]')!.click();
    key({});
    assert.deepEqual(posted, [
      { type: 'removeAttachment', id: 'a2' },
      { type: 'send', prompt: 'saved draft', attachmentIds: ['a1', 'a3'] },
    ]);
  });

  it('places chips above the input and the picker beside Attach', () => {
    const { c } = composer(true);
    const order = Array.from(c.root.querySelectorAll('.attachment-chips, textarea, .attach, .model-picker, .send, .model-note')).map((n) => n.className.split(' ').at(-1));
    assert.deepEqual(order, ['attachment-chips', 'composer-input', 'attach', 'model-picker', 'send', 'model-note']);
  });
});
