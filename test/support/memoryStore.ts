import type { KeyValueStore } from '../../src/util/keyValueStore';

/** A VS Code Memento stand-in kept in memory; values are copied as JSON, as a Memento stores them, and `undefined` removes the key. */
export class MemoryStore implements KeyValueStore {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}
