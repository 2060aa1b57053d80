import type { TranscriptUpdate } from '../protocol/webview';
import type { Disposable, Event } from '../util/emitter';

/** Context keys the walkthrough's `onContext:` completion events wait for. */
export const WALKTHROUGH_CONTEXT_KEYS = {
  answeredOnce: 'askBedrock.answeredOnce',
  insertedOnce: 'askBedrock.insertedOnce',
} as const;

type Milestone = keyof typeof WALKTHROUGH_CONTEXT_KEYS;

/** Where reached milestones are kept (a VS Code Memento: `context.globalState`). */
export interface MilestoneStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** What the walkthrough's progress listens to and writes. */
export interface WalkthroughProgressDeps {
  /** The chat session's transcript updates (`ChatSession.onDidUpdate`). */
  answers: Event<TranscriptUpdate>;
  /** Insert Answer at Cursor starting and ending (`InsertionController.onDidChangeRunning`). */
  insertionsRunning: Event<boolean>;
  /** Text document edits (`vscode.workspace.onDidChangeTextDocument`). */
  documentEdits: Event<{ readonly contentChanges: readonly unknown[] }>;
  storage: MilestoneStorage;
  /** Sets a context key (`setContext`). */
  setContext(key: string, value: boolean): PromiseLike<unknown>;
}

const STORAGE_PREFIX = 'walkthrough.';

/**
 * Sets the context keys that complete the walkthrough's steps when the real event happens (the
 * first answer received, the first answer inserted into an editor) and keeps them in globalState,
 * so the steps stay complete after a reload.
 */
export class WalkthroughProgress implements Disposable {
  private readonly subscriptions: Disposable[];
  private insertionRunning = false;
  private editedWhileInserting = false;

  constructor(private readonly deps: WalkthroughProgressDeps) {
    for (const milestone of Object.keys(WALKTHROUGH_CONTEXT_KEYS) as Milestone[]) {
      if (this.reached(milestone)) void deps.setContext(WALKTHROUGH_CONTEXT_KEYS[milestone], true);
    }
    this.subscriptions = [
      deps.answers((update) => {
        if (update.type === 'turnFinished' && update.status === 'done') this.reach('answeredOnce');
      }),
      deps.documentEdits((edit) => {
        if (this.insertionRunning && edit.contentChanges.length > 0) this.editedWhileInserting = true;
      }),
      deps.insertionsRunning((running) => {
        this.insertionRunning = running;
        if (running) this.editedWhileInserting = false;
        else if (this.editedWhileInserting) this.reach('insertedOnce');
      }),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private reached(milestone: Milestone): boolean {
    return this.deps.storage.get<boolean>(STORAGE_PREFIX + milestone) === true;
  }

  private reach(milestone: Milestone): void {
    if (this.reached(milestone)) return;
    void this.deps.storage.update(STORAGE_PREFIX + milestone, true);
    void this.deps.setContext(WALKTHROUGH_CONTEXT_KEYS[milestone], true);
  }
}
