import { randomUUID } from 'node:crypto';
import { Emitter, type Disposable } from '../util/emitter';
import type { KeyValueStore } from '../util/keyValueStore';
import type { ConversationBodies } from './conversationBodies';
import type { ConversationSummary, Conversations, StoredConversation, StoredTurn } from './conversation';


/** The list of conversations and which one is active (small: read on every list). */
const INDEX_KEY = 'askBedrock.conversations.v2';
/** Before many conversations: the one conversation's turns (src/chat/history.ts, removed). */
const V1_HISTORY_KEY = 'askBedrock.history.v1';
/** False once every chat was scrubbed of attached code; true (or absent) when one may hold some. */
const CODE_KEPT_KEY = 'askBedrock.conversations.codeKept';

/** How much is kept on disk per workspace. */
export interface ConversationLimits {
  maxConversations: number;
  /** Per conversation: its newest turns. */
  maxTurns: number;
  /** Per conversation, in characters of questions (with what was attached), reasoning and answers. */
  maxChars: number;
  /** All conversations together, in characters. */
  maxTotalChars: number;
}

export const CONVERSATION_LIMITS: ConversationLimits = { maxConversations: 50, maxTurns: 100, maxChars: 2_000_000, maxTotalChars: 20_000_000 };

/** The longest title made from a first question. */
const MAX_TITLE = 80;
/** The longest title a user can give. */
const MAX_RENAMED_TITLE = 200;

export interface ConversationStoreOptions {
  /** False: saved turns keep the question without what was attached (the session still has it). Read at each save. */
  saveCodeContext?: () => boolean;
  limits?: Partial<ConversationLimits>;
  now?: () => number;
  newId?: () => string;
  log?: { error(message: string): void };
}

interface IndexEntry extends ConversationSummary {
  createdAt: number;
  /** What the conversation counts against maxTotalChars. */
  chars: number;
}

interface StoredIndex {
  activeId?: string;
  entries: IndexEntry[];
}

/**
 * The workspace's conversations: a small index (titles, sizes, the active id) in a Memento and
 * each conversation's turns in its own record. Bounded: a conversation keeps its newest turns
 * that fit, and the oldest conversations give way to keep the count and the total size in bounds.
 */
export class ConversationStore implements Conversations, Disposable {
  private readonly changes = new Emitter<void>();
  private readonly limits: ConversationLimits;
  /** Conversations saved but not yet written, as JSON: reads see them at once. */
  private readonly unwritten = new Map<string, string>();
  private writes: Promise<void> = Promise.resolve();

  readonly onDidChange = (listener: () => void): Disposable => this.changes.event(listener);

  constructor(
    private readonly index: KeyValueStore,
    private readonly bodies: ConversationBodies,
    private readonly options: ConversationStoreOptions = {},
  ) {
    this.limits = { ...CONVERSATION_LIMITS, ...options.limits };
  }

  loadActive(): StoredConversation {
    const index = this.index.get<unknown>(INDEX_KEY);
    if (index === undefined) {
      const migrated = this.migrateV1History();
      if (migrated) return migrated;
    }
    const activeId = this.readIndex().activeId;
    return (activeId && this.load(activeId)) || this.create();
  }

  load(id: string): StoredConversation | undefined {
    const entry = this.readIndex().entries.find((e) => e.id === id);
    if (!entry) return undefined;
    const json = this.unwritten.get(id) ?? this.bodies.read(id);
    const turns = json === undefined ? undefined : parseTurns(json);
    if (!turns) return undefined;
    return { id, title: entry.title, createdAt: entry.createdAt, updatedAt: entry.updatedAt, turns };
  }

  create(): StoredConversation {
    const now = this.now();
    return { id: this.options.newId?.() ?? randomUUID(), title: '', createdAt: now, updatedAt: now, turns: [] };
  }

  save(conversation: StoredConversation): Promise<void> {
    const index = this.readIndex();
    const existing = index.entries.find((e) => e.id === conversation.id);
    const others = index.entries.filter((e) => e.id !== conversation.id);
    const turns = this.fitTurns(conversation.turns);
    const work: (() => Promise<void>)[] = [];
    const removed: string[] = [];
    let saved: IndexEntry | undefined;
    if (turns.length > 0) {
      const title = existing?.title || titleFromQuestion(conversation.title) || titleFromQuestion(turns[0].prompt);
      const updatedAt = this.now();
      saved = { id: conversation.id, title, createdAt: conversation.createdAt, updatedAt, turnCount: turns.length, chars: charsOf(turns) };
      const json = JSON.stringify({ id: conversation.id, title, createdAt: conversation.createdAt, updatedAt, turns } satisfies StoredConversation);
      this.unwritten.set(conversation.id, json);
      work.push(() => this.writeBody(conversation.id, json));
      if (turns.some(holdsCode) && this.index.get<boolean>(CODE_KEPT_KEY) !== true) void this.index.update(CODE_KEPT_KEY, true);
    } else if (existing) {
      removed.push(existing.id);
    }
    const kept = saved ? [saved] : [];
    let total = saved?.chars ?? 0;
    for (const entry of others.sort(newestFirst)) {
      if (kept.length >= this.limits.maxConversations || total + entry.chars > this.limits.maxTotalChars) {
        removed.push(entry.id);
        continue;
      }
      kept.push(entry);
      total += entry.chars;
    }
    for (const id of removed) {
      this.unwritten.delete(id);
      work.push(() => this.bodies.remove(id));
    }
    const indexWritten = this.writeIndex({ activeId: conversation.id, entries: kept });
    this.changes.fire();
    return this.queue(indexWritten, work);
  }

  list(): ConversationSummary[] {
    return [...this.readIndex().entries].sort(newestFirst).map(({ id, title, updatedAt, turnCount }) => ({ id, title, updatedAt, turnCount }));
  }

  rename(id: string, title: string): Promise<void> {
    const clean = oneLine(title, MAX_RENAMED_TITLE);
    const index = this.readIndex();
    const entry = index.entries.find((e) => e.id === id);
    if (!entry || !clean || clean === entry.title) return Promise.resolve();
    const written = this.writeIndex({ ...index, entries: index.entries.map((e) => (e.id === id ? { ...e, title: clean } : e)) });
    this.changes.fire();
    return this.queue(written, []);
  }

  delete(id: string): Promise<void> {
    const index = this.readIndex();
    const entries = index.entries.filter((e) => e.id !== id);
    const activeId = index.activeId === id ? undefined : index.activeId;
    this.unwritten.delete(id);
    const written = this.writeIndex({ activeId, entries });
    if (entries.length !== index.entries.length) this.changes.fire();
    return this.queue(written, [() => this.bodies.remove(id)]);
  }

  /**
   * Re-saves every stored conversation with its questions alone, without the code that was
   * attached: for askBedrock.history.saveCodeContext turned off (chats saved before keep none either).
   */
  scrubCode(): Promise<void> {
    return this.scrub().then(() => undefined);
  }

  /** scrubCode, resolving with whether every write succeeded. */
  private scrub(): Promise<boolean> {
    const index = this.readIndex();
    const work: (() => Promise<void>)[] = [];
    const entries = index.entries.map((entry) => {
      const pending = this.unwritten.get(entry.id);
      const json = pending ?? this.bodies.read(entry.id);
      const turns = json === undefined ? undefined : parseTurns(json);
      if (!turns?.some(holdsCode)) {
        // Not on disk yet, or its write failed (the disk may still hold the code): write it (again).
        if (pending !== undefined) work.push(() => this.writeBody(entry.id, pending));
        return entry;
      }
      const scrubbed = turns.map(withoutCode);
      const body = JSON.stringify({ id: entry.id, title: entry.title, createdAt: entry.createdAt, updatedAt: entry.updatedAt, turns: scrubbed } satisfies StoredConversation);
      this.unwritten.set(entry.id, body);
      work.push(() => this.writeBody(entry.id, body));
      return { ...entry, chars: charsOf(scrubbed) };
    });
    if (work.length === 0) return this.writes.then(() => true);
    return this.queueChecked(this.writeIndex({ ...index, entries }), work);
  }

  /**
   * Applies askBedrock.history.saveCodeContext as it is now: off while chats may still hold code
   * (saved while it was on, in this window or before it was turned off elsewhere) → scrubCode, and
   * a marker so the next activation reads no chat. Called on activation and when the setting changes.
   */
  async followSaveCodeContext(): Promise<void> {
    if (this.savesCode() || this.index.get<boolean>(CODE_KEPT_KEY) === false) return;
    const scrubbed = await this.scrub();
    // Turned on again meanwhile (a save may have kept code since), or a write failed: not clean.
    if (scrubbed && !this.savesCode()) await this.index.update(CODE_KEPT_KEY, false);
  }

  private savesCode(): boolean {
    return this.options.saveCodeContext?.() ?? true;
  }

  /** Resolves once every save, rename and delete so far is on disk. */
  settled(): Promise<void> {
    return this.writes;
  }

  dispose(): void {
    this.changes.dispose();
  }

  /** The v1 single conversation as the first conversation; the v1 key is removed once it is saved. */
  private migrateV1History(): StoredConversation | undefined {
    const saved = this.index.get<unknown>(V1_HISTORY_KEY);
    const turns = Array.isArray(saved) ? readTurns(saved) : [];
    if (turns.length === 0) return undefined;
    const conversation = { ...this.create(), title: titleFromQuestion(turns[0].prompt), turns };
    void this.save(conversation).then(() => this.index.update(V1_HISTORY_KEY, undefined));
    return conversation;
  }

  /** The newest turns that fit the per-conversation limits (a turn too big alone is skipped, older ones still kept), without code when the setting says so. */
  private fitTurns(turns: readonly StoredTurn[]): StoredTurn[] {
    const withCode = this.savesCode();
    const kept: StoredTurn[] = [];
    let chars = 0;
    for (let i = turns.length - 1; i >= 0 && kept.length < this.limits.maxTurns; i--) {
      const turn = withCode ? turns[i] : withoutCode(turns[i]);
      const size = charsOf([turn]);
      if (chars + size > this.limits.maxChars) continue;
      chars += size;
      kept.unshift(turn);
    }
    return kept;
  }

  private readIndex(): StoredIndex {
    const value = this.index.get<Partial<StoredIndex>>(INDEX_KEY);
    const entries = Array.isArray(value?.entries) ? value.entries.filter(isIndexEntry) : [];
    return { activeId: typeof value?.activeId === 'string' ? value.activeId : undefined, entries };
  }

  private writeIndex(index: StoredIndex): PromiseLike<void> {
    return this.index.update(INDEX_KEY, index);
  }

  private async writeBody(id: string, json: string): Promise<void> {
    await this.bodies.write(id, json);
    if (this.unwritten.get(id) === json) this.unwritten.delete(id);
  }

  /** Runs `work` after every write before it; a failed write is logged, never thrown at the session. */
  private queue(indexWritten: PromiseLike<void>, work: (() => Promise<void>)[]): Promise<void> {
    void this.queueChecked(indexWritten, work);
    return this.writes;
  }

  /** queue, resolving with whether all of `work` succeeded. */
  private queueChecked(indexWritten: PromiseLike<void>, work: (() => Promise<void>)[]): Promise<boolean> {
    const run = async () => {
      try {
        await indexWritten;
        for (const step of work) await step();
        return true;
      } catch (err) {
        this.options.log?.error(`Could not save the chat history: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
    };
    const done = this.writes.then(run);
    this.writes = done.then(() => undefined);
    return done;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** A conversation's title from its first question: its first line, at most 80 characters. */
export function titleFromQuestion(question: string): string {
  const firstLine = question.split('\n').find((line) => line.trim()) ?? '';
  return oneLine(firstLine, MAX_TITLE);
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** Whether the turn keeps what was attached to its question. */
function holdsCode(turn: StoredTurn): boolean {
  return turn.content !== turn.prompt;
}

/** The turn as it was asked, without what was attached: the question alone. */
function withoutCode(turn: StoredTurn): StoredTurn {
  return holdsCode(turn) ? { ...turn, content: turn.prompt } : turn;
}

function charsOf(turns: readonly StoredTurn[]): number {
  let chars = 0;
  for (const t of turns) chars += t.content.length + t.answer.length + (t.reasoning?.length ?? 0);
  return chars;
}

function newestFirst(a: IndexEntry, b: IndexEntry): number {
  return b.updatedAt - a.updatedAt;
}

function readTurns(values: unknown[]): StoredTurn[] {
  return values.map(readTurn).filter((t): t is StoredTurn => t !== undefined);
}

function parseTurns(json: string): StoredTurn[] | undefined {
  try {
    const value = JSON.parse(json) as Partial<StoredConversation>;
    return Array.isArray(value.turns) ? readTurns(value.turns) : undefined;
  } catch {
    return undefined;
  }
}

/** A saved turn read back, or undefined when it is not one; a turn that was streaming when saved did not finish: it comes back stopped. */
function readTurn(value: unknown): StoredTurn | undefined {
  const t = value as Partial<StoredTurn> | null;
  if (!t || typeof t.id !== 'string' || typeof t.prompt !== 'string' || typeof t.answer !== 'string') return undefined;
  const content = typeof t.content === 'string' ? t.content : t.prompt;
  return { ...t, content, status: t.status === 'streaming' || !t.status ? 'stopped' : t.status } as StoredTurn;
}

function isIndexEntry(value: unknown): value is IndexEntry {
  const e = value as Partial<IndexEntry> | null;
  return !!e && typeof e.id === 'string' && typeof e.title === 'string' && typeof e.updatedAt === 'number' && typeof e.createdAt === 'number' && typeof e.turnCount === 'number' && typeof e.chars === 'number';
}
