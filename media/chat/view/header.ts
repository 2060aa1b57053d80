import type { ConversationHeader, WebviewToHost } from '../../../src/protocol/webview';
import { t } from '../strings';
import { formatCost } from './cost';
import { el, iconButton } from './dom';

/** The title shown before the first question names the conversation (in the display language). */
function untitled(): string {
  return t('newChat');
}

/** The bar above the transcript: the conversation's title and cost, Show chats and New chat. */
export class ChatHeader {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly cost: HTMLElement;
  /** The cost as screen readers say it ("Conversation cost $0.0123"); the shown amount is hidden from them. */
  private readonly spokenCost: HTMLElement;

  constructor(doc: Document, post: (message: WebviewToHost) => void) {
    this.root = el(doc, 'header', 'chat-header');
    this.title = el(doc, 'h1', 'chat-title', untitled());
    this.cost = el(doc, 'span', 'chat-cost');
    this.cost.hidden = true;
    this.cost.setAttribute('aria-hidden', 'true');
    // Text, not an aria-label: a label on a plain span is not read out (axe: aria-prohibited-attr).
    this.spokenCost = el(doc, 'span', 'visually-hidden chat-cost-spoken');
    const showChats = iconButton(doc, 'history', t('showChats'), 'show-chats');
    const newChat = iconButton(doc, 'add', t('newChat'), 'new-chat');
    showChats.addEventListener('click', () => post({ type: 'showChats' }));
    newChat.addEventListener('click', () => post({ type: 'newChat' }));
    this.root.append(this.title, this.cost, this.spokenCost, showChats, newChat);
  }

  /** Shows the conversation's title and cost (host `conversation`, or `reset`; none: a new chat). */
  update(conversation: ConversationHeader | undefined): void {
    const title = conversation?.title.trim() || untitled();
    this.title.textContent = title;
    this.title.title = title;
    const cost = conversation?.costUsd;
    this.cost.hidden = cost === undefined;
    this.cost.textContent = cost === undefined ? '' : formatCost(cost);
    this.spokenCost.textContent = cost === undefined ? '' : t('conversationCost', this.cost.textContent);
    if (cost === undefined) this.cost.removeAttribute('title');
    else this.cost.title = t('conversationCostTitle');
  }
}
