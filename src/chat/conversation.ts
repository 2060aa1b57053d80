import type { Turn } from '../protocol/webview';
import type { Disposable } from '../util/emitter';
import type { ApplyTarget } from './attachment';
import type { ErrorFix } from './errorFix';

/** A persisted turn: what the panel shows plus what the host alone needs. */
export interface StoredTurn extends Turn {
  /** The exact user-turn text that was sent (question plus attachments). */
  content: string;
  /** Where Apply proposes this turn's code (from its attachments); absent: the active editor. */
  target?: ApplyTarget;
  /** What the answers this turn replaced cost (Retry): still counted in the conversation's total. */
  spentUsd?: number;
  /** What the error's action button does (TurnError.action is only its label). */
  errorFix?: ErrorFix;
}

/** One conversation as stored. */
export interface StoredConversation {
  id: string;
  /** From the first question unless renamed. */
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: StoredTurn[];
}

/** A conversation in the list of past chats. */
export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

/**
 * Where conversations are kept between reloads (per workspace, bounded). The session
 * (src/chat/session.ts) depends on this interface; src/chat/conversationStore.ts implements it.
 * What is loaded is settled: a turn saved while it was streaming comes back stopped.
 */
export interface Conversations {
  /** The conversation to show at start: the last active one, else v1 history migrated, else a new empty one. */
  loadActive(): StoredConversation;
  load(id: string): StoredConversation | undefined;
  /** A new, empty conversation (kept only once it is saved with a turn). */
  create(): StoredConversation;
  /** Saves it (bounded: oldest turns, then oldest conversations, give way) and makes it the active one. */
  save(conversation: StoredConversation): PromiseLike<void>;
  /** Newest first; conversations without turns are not listed. */
  list(): ConversationSummary[];
  rename(id: string, title: string): PromiseLike<void>;
  delete(id: string): PromiseLike<void>;
  /** The list changed (saved, renamed, deleted). */
  readonly onDidChange: (listener: () => void) => Disposable;
}
