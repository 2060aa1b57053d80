import type { TranscriptUpdate } from '../protocol/webview';
import type { Disposable, Event } from '../util/emitter';
import type { KeyValueStore } from '../util/keyValueStore';

/** Context keys the walkthrough's `onContext:` completion events wait for. */
export const WALKTHROUGH_CONTEXT_KEYS = {
  answeredOnce: 'askBedrock.answeredOnce',
  insertedOnce: 'askBedrock.insertedOnce',
} as const;

type Milestone = keyof typeof WALKTHROUGH_CONTEXT_KEYS;

/** What the walkthrough's progress listens to and writes. */
export interface WalkthroughProgressDeps {
  /** The chat session's transcript updates (`ChatSession.onDidUpdate`). */
  answers: Event<TranscriptUpdate>;
  /** Insert Answer at Cursor ending, with how many edits it made (`InsertionController.onDidFinish`). */
  insertions: Event<{ readonly edits: number }>;
  /** Where reached milestones are kept (`context.globalState`). */
  storage: KeyValueStore;
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

  constructor(private readonly deps: WalkthroughProgressDeps) {
    for (const milestone of Object.keys(WALKTHROUGH_CONTEXT_KEYS) as Milestone[]) {
      if (this.reached(milestone)) void deps.setContext(WALKTHROUGH_CONTEXT_KEYS[milestone], true);
    }
    this.subscriptions = [
      deps.answers((update) => {
        if (update.type === 'turnFinished' && update.status === 'done') this.reach('answeredOnce');
      }),
      deps.insertions((result) => {
        if (result.edits > 0) this.reach('insertedOnce');
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
