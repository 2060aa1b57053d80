import type { Turn } from '../protocol/webview';

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

export interface HistoryOptions {
  /** False: saved turns keep the question without the selected code (the session still has it). Read at each save. */
  saveCodeContext?: () => boolean;
}

/** Loads and saves the conversation, keeping only the newest turns that fit the limits. */
export class HistoryStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly options: HistoryOptions = {},
  ) {}

  /** The saved turns; a turn that was streaming when saved comes back as stopped. */
  load(): StoredTurn[] {
    const saved = this.store.get<StoredTurn[]>(KEY);
    if (!Array.isArray(saved)) return [];
    return saved
      .filter((t) => t && typeof t.id === 'string' && typeof t.prompt === 'string' && typeof t.answer === 'string')
      .map((t) => (t.status === 'streaming' ? { ...t, status: 'stopped' } : t));
  }

  /** Saves the newest turns that fit within the limits; a turn that does not fit is skipped, older ones are still kept. */
  save(turns: readonly StoredTurn[]): PromiseLike<void> {
    const withCode = this.options.saveCodeContext?.() ?? true;
    const kept: StoredTurn[] = [];
    let chars = 0;
    for (let i = turns.length - 1; i >= 0 && kept.length < MAX_TURNS; i--) {
      const turn = withCode ? turns[i] : withoutCode(turns[i]);
      const size = turn.answer.length + turn.content.length;
      if (chars + size > MAX_CHARS) continue;
      chars += size;
      kept.unshift(turn);
    }
    return this.store.update(KEY, kept);
  }
}

/** The turn as sent without its selected code: a turn with code context was sent as the question plus the code. */
function withoutCode(turn: StoredTurn): StoredTurn {
  return turn.context ? { ...turn, content: turn.prompt } : turn;
}
