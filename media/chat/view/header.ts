import type { ConversationHeader, WebviewToHost } from '../../../src/protocol/webview';
import { el, iconButton } from './dom';

/** The title shown before the first question names the conversation. */
export const UNTITLED = 'New chat';

/** USD for people: "$0.0123" under a dollar, "$1.23" from one, "< $0.0001" for a tiny non-zero cost. */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.00005) return '< $0.0001';
  const fine = usd.toFixed(4);
  return Number(fine) < 1 ? `$${fine}` : `$${usd.toFixed(2)}`;
}

/** The bar above the transcript: the conversation's title and cost, Show chats and New chat. */
export class ChatHeader {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly cost: HTMLElement;

  constructor(doc: Document, post: (message: WebviewToHost) => void) {
    this.root = el(doc, 'header', 'chat-header');
    this.title = el(doc, 'h1', 'chat-title', UNTITLED);
    this.cost = el(doc, 'span', 'chat-cost');
    this.cost.hidden = true;
    const showChats = iconButton(doc, 'history', 'Show chats', 'show-chats');
    const newChat = iconButton(doc, 'add', 'New chat', 'new-chat');
    showChats.addEventListener('click', () => post({ type: 'showChats' }));
    newChat.addEventListener('click', () => post({ type: 'newChat' }));
    this.root.append(this.title, this.cost, showChats, newChat);
  }

  /** Shows the conversation's title and cost (host `conversation`, or `reset`; none: a new chat). */
  update(conversation: ConversationHeader | undefined): void {
    const title = conversation?.title.trim() || UNTITLED;
    this.title.textContent = title;
    this.title.title = title;
    const cost = conversation?.costUsd;
    this.cost.hidden = cost === undefined;
    this.cost.textContent = cost === undefined ? '' : formatCost(cost);
    if (cost === undefined) {
      this.cost.removeAttribute('aria-label');
      this.cost.removeAttribute('title');
    } else {
      this.cost.setAttribute('aria-label', `Conversation cost ${this.cost.textContent}`);
      this.cost.title = 'Cost of this conversation so far (USD, from the endpoint’s prices)';
    }
  }
}
