import type { KeyValueStore } from '../../src/chat/history';

/** A VS Code Memento stand-in kept in memory; values are copied as JSON, as a Memento stores them. */
export class MemoryStore implements KeyValueStore {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}
