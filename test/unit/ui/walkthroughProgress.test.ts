import * as assert from 'node:assert/strict';
import type { TranscriptUpdate } from '../../../src/protocol/webview';
import { Emitter } from '../../../src/util/emitter';
import { WalkthroughProgress } from '../../../src/ui/walkthroughProgress';
import { MemoryStore } from '../../support/memoryStore';

function harness(storage = new MemoryStore()) {
  const answers = new Emitter<TranscriptUpdate>();
  const insertions = new Emitter<{ edits: number }>();
  const context = new Map<string, boolean>();
  const progress = new WalkthroughProgress({
    answers: answers.event,
    insertions: insertions.event,
    storage,
    setContext: async (key, value) => void context.set(key, value),
  });
  return { answers, insertions, context, storage, progress };
}

describe('ui/WalkthroughProgress', () => {
  it('sets askBedrock.answeredOnce on the first answer that finishes, not on one that fails or is stopped', () => {
    const h = harness();
    h.answers.fire({ type: 'turnFinished', turnId: 't1', status: 'error' });
    h.answers.fire({ type: 'turnFinished', turnId: 't2', status: 'stopped' });
    h.answers.fire({ type: 'appended', turnId: 't3', text: 'partial' });
    assert.equal(h.context.get('askBedrock.answeredOnce'), undefined);
    h.answers.fire({ type: 'turnFinished', turnId: 't3', status: 'done' });
    assert.equal(h.context.get('askBedrock.answeredOnce'), true);
  });

  it('sets askBedrock.insertedOnce when an insertion ends having edited a document, not when it edited nothing', () => {
    const h = harness();
    h.insertions.fire({ edits: 0 });
    assert.equal(h.context.get('askBedrock.insertedOnce'), undefined, 'an insertion that edited nothing does not count');
    h.insertions.fire({ edits: 3 });
    assert.equal(h.context.get('askBedrock.insertedOnce'), true);
  });

  it('keeps reached steps in storage and sets their context keys again after a reload', () => {
    const first = harness();
    first.answers.fire({ type: 'turnFinished', turnId: 't1', status: 'done' });
    first.progress.dispose();
    const reloaded = harness(first.storage);
    assert.equal(reloaded.context.get('askBedrock.answeredOnce'), true);
    assert.equal(reloaded.context.get('askBedrock.insertedOnce'), undefined);
  });

  it('stops listening when disposed', () => {
    const h = harness();
    h.progress.dispose();
    h.answers.fire({ type: 'turnFinished', turnId: 't1', status: 'done' });
    assert.equal(h.context.size, 0);
  });
});
