/** A listener registration that can be undone; matches vscode.Disposable. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; matches the shape of vscode.Event. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A minimal event emitter shaped like vscode.EventEmitter, so parts that own events can be
 * unit-tested in plain Node without the VS Code API.
 */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  /** Subscribe to the event. */
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        console.error('[ask-bedrock] event listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
