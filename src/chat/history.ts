import type { Turn } from '../ui/webviewProtocol';

/** A persisted turn: what the panel shows plus the exact text that was sent. */
export interface StoredTurn extends Turn {
  content: string;
}

/** Where the conversation is kept between reloads (a VS Code Memento in the extension). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'askBedrock.history.v1';
const MAX_TURNS = 100;
const MAX_CHARS = 2_000_000;

/** Loads and saves the conversation, keeping only the newest turns that fit the limits. */
export class HistoryStore {
  constructor(private readonly store: KeyValueStore) {}

  /** The saved turns; a turn that was streaming when saved comes back as stopped. */
  load(): StoredTurn[] {
    const saved = this.store.get<StoredTurn[]>(KEY);
    if (!Array.isArray(saved)) return [];
    return saved
      .filter((t) => t && typeof t.id === 'string' && typeof t.prompt === 'string' && typeof t.answer === 'string')
      .map((t) => (t.status === 'streaming' ? { ...t, status: 'stopped' } : t));
  }

  /** Saves the newest turns that fit within the limits. */
  save(turns: readonly StoredTurn[]): PromiseLike<void> {
    const kept: StoredTurn[] = [];
    let chars = 0;
    for (let i = turns.length - 1; i >= 0 && kept.length < MAX_TURNS; i--) {
      chars += turns[i].answer.length + turns[i].content.length;
      if (chars > MAX_CHARS) break;
      kept.unshift(turns[i]);
    }
    return this.store.update(KEY, kept);
  }
}
