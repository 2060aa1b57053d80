/** A VS Code Memento (workspaceState, globalState), as far as our stores use it. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  /** `undefined` removes the key. */
  update(key: string, value: unknown): PromiseLike<void>;
}
