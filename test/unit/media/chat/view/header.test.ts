import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../../../../src/protocol/webview';
import { formatCost } from '../../../../../media/chat/view/cost';
import { ChatHeader } from '../../../../../media/chat/view/header';
import { createWindow } from '../../../../support/jsdomRenderer';

function setup() {
  const win = createWindow();
  const posted: WebviewToHost[] = [];
  const header = new ChatHeader(win.document, (m) => posted.push(m));
  win.document.body.append(header.root);
  return { header, posted, title: () => header.root.querySelector('.chat-title')!, cost: () => header.root.querySelector<HTMLElement>('.chat-cost')! };
}

describe('media/view/ChatHeader', () => {
  it('formats cost in USD: 4 decimals under $1, 2 from $1, tiny costs not shown as zero', () => {
    assert.equal(formatCost(0.0123), '$0.0123');
    assert.equal(formatCost(0.98766), '$0.9877');
    assert.equal(formatCost(0.99996), '$1.00', 'rounds up to a dollar: dollar format');
    assert.equal(formatCost(0), '$0.0000');
    assert.equal(formatCost(0.00001), '< $0.0001');
    assert.equal(formatCost(1.234), '$1.23');
    assert.equal(formatCost(12), '$12.00');
  });

  it('shows the title and cost; no cost hides it; no conversation is a new chat', () => {
    const { header, title, cost } = setup();
    assert.equal(title().textContent, 'New chat');
    assert.equal(cost().hidden, true);
    header.update({ id: 'c1', title: 'How do I read a file?', costUsd: 0.0123 });
    assert.equal(title().textContent, 'How do I read a file?');
    assert.equal((title() as HTMLElement).title, 'How do I read a file?');
    assert.equal(cost().hidden, false);
    assert.equal(cost().textContent, '$0.0123');
    assert.equal(cost().getAttribute('aria-hidden'), 'true', 'screen readers get the spoken cost instead');
    assert.equal(header.root.querySelector('.chat-cost-spoken')!.textContent, 'Conversation cost $0.0123');
    header.update({ id: 'c2', title: '  ' });
    assert.equal(title().textContent, 'New chat');
    assert.equal(cost().hidden, true);
    header.update({ id: 'c1', title: '<b>x</b>' });
    assert.equal(title().textContent, '<b>x</b>', 'text, never markup');
    header.update(undefined);
    assert.equal(title().textContent, 'New chat');
  });

  it('Show chats and New chat post their messages', () => {
    const { header, posted } = setup();
    header.root.querySelector<HTMLButtonElement>('button[aria-label="Show chats"]')!.click();
    header.root.querySelector<HTMLButtonElement>('button[aria-label="New chat"]')!.click();
    assert.deepEqual(posted, [{ type: 'showChats' }, { type: 'newChat' }]);
    assert.equal(header.root.querySelector('button[aria-label="Show chats"] .codicon-history') !== null, true);
  });
});
