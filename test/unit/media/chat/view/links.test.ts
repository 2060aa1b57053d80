import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../../../../src/protocol/webview';
import { routeLinkEvents } from '../../../../../media/chat/view/links';
import { createRenderer, createWindow } from '../../../../support/jsdomRenderer';

function setup(markdown = 'See [the `docs`](https://docs.example/a?b=1) and [mail](mailto:me@example.com).') {
  const win = createWindow();
  const root = win.document.createElement('main');
  root.append(createRenderer(win).renderAll(markdown));
  win.document.body.append(root);
  const posted: WebviewToHost[] = [];
  routeLinkEvents(root, (m) => posted.push(m));
  const link = root.querySelector<HTMLElement>('a')!;
  return { win, root, link, posted };
}

const OPEN_DOCS: WebviewToHost = { type: 'openLink', href: 'https://docs.example/a?b=1' };

describe('media/view/links', () => {
  it('renders links the host cannot open on its own: no href, focusable, not draggable', () => {
    const { link } = setup();
    assert.equal(link.hasAttribute('href'), false);
    assert.equal(link.getAttribute('role'), 'link');
    assert.equal(link.tabIndex, 0);
    assert.equal(link.draggable, false);
  });

  for (const modifiers of [{}, { ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }]) {
    it(`a click ${JSON.stringify(modifiers)} (also on text inside the link) only asks the host to open it`, () => {
      const { win, link, posted } = setup();
      const event = new win.MouseEvent('click', { bubbles: true, cancelable: true, ...modifiers });
      link.querySelector('code')!.dispatchEvent(event);
      assert.equal(event.defaultPrevented, true);
      assert.deepEqual(posted, [OPEN_DOCS]);
    });
  }

  it('a middle-click asks the host to open the link; other buttons do nothing', () => {
    const { win, link, posted } = setup();
    const middle = new win.MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 });
    const right = new win.MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 2 });
    link.dispatchEvent(middle);
    link.dispatchEvent(right);
    assert.equal(middle.defaultPrevented, true);
    assert.equal(right.defaultPrevented, true);
    assert.deepEqual(posted, [OPEN_DOCS]);
  });

  it('Enter on a focused link asks the host to open it; other keys and IME composition do nothing', () => {
    const { win, root, posted } = setup();
    const mail = root.querySelectorAll<HTMLElement>('a')[1]!;
    mail.focus();
    const enter = new win.KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'Enter' });
    mail.dispatchEvent(enter);
    mail.dispatchEvent(new win.KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: ' ' }));
    mail.dispatchEvent(new win.KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'Enter', isComposing: true }));
    assert.equal(enter.defaultPrevented, true);
    assert.deepEqual(posted, [{ type: 'openLink', href: 'mailto:me@example.com' }]);
  });

  it('dragging a link out is refused', () => {
    const { win, link } = setup();
    const drag = new win.Event('dragstart', { bubbles: true, cancelable: true });
    link.dispatchEvent(drag);
    assert.equal(drag.defaultPrevented, true);
  });

  it('ignores clicks outside links and on removed links', () => {
    const { win, root, posted } = setup('Plain text and [bad](javascript:alert(1)).');
    for (const target of [root.querySelector('p')!, root.querySelector('.link-blocked')!]) {
      const event = new win.MouseEvent('click', { bubbles: true, cancelable: true });
      target.dispatchEvent(event);
      assert.equal(event.defaultPrevented, false);
    }
    assert.deepEqual(posted, []);
  });
});
