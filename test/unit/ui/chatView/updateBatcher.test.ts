import * as assert from 'node:assert/strict';
import { UpdateBatcher, type Timers } from '../../../../src/ui/chatView/updateBatcher';
import type { TranscriptUpdate } from '../../../../src/protocol/webview';

/** Manual timers: nothing runs until the test advances the clock. */
class FakeTimers implements Timers {
  time = 0;
  private pending: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.pending.filter((p) => p.at <= this.time);
    this.pending = this.pending.filter((p) => p.at > this.time);
    for (const p of due) p.fn();
  }
}

describe('ui/UpdateBatcher', () => {
  it('joins appends to the same turn into one message per frame', () => {
    const timers = new FakeTimers();
    const posted: TranscriptUpdate[][] = [];
    const batcher = new UpdateBatcher((u) => posted.push(u), 16, timers);
    for (let i = 0; i < 1000; i++) batcher.push({ type: 'appended', turnId: 't', text: `${i % 10}` });
    assert.equal(posted.length, 0);
    timers.advance(0);
    assert.equal(posted.length, 1);
    assert.equal(posted[0].length, 1);
    assert.equal((posted[0][0] as { text: string }).text.length, 1000);
  });

  it('joins reasoning to the same turn the same way, keeping a redacted mark from any of them', () => {
    const timers = new FakeTimers();
    const posted: TranscriptUpdate[][] = [];
    const batcher = new UpdateBatcher((u) => posted.push(u), 16, timers);
    batcher.push({ type: 'reasoning', turnId: 't', text: 'Let me ' });
    batcher.push({ type: 'reasoning', turnId: 't', redacted: true });
    batcher.push({ type: 'reasoning', turnId: 't', text: 'think.' });
    batcher.push({ type: 'appended', turnId: 't', text: 'Answer' });
    batcher.push({ type: 'reasoning', turnId: 'u', redacted: true });
    timers.advance(0);
    assert.deepEqual(posted, [
      [
        { type: 'reasoning', turnId: 't', text: 'Let me think.', redacted: true },
        { type: 'appended', turnId: 't', text: 'Answer' },
        { type: 'reasoning', turnId: 'u', redacted: true },
      ],
    ]);
  });

  it('posts at most once per frame while a stream runs', () => {
    const timers = new FakeTimers();
    const posted: TranscriptUpdate[][] = [];
    const batcher = new UpdateBatcher((u) => posted.push(u), 16, timers);
    for (let ms = 0; ms < 160; ms++) {
      batcher.push({ type: 'appended', turnId: 't', text: 'x' });
      timers.advance(1);
    }
    timers.advance(16);
    assert.ok(posted.length <= 11, `posted ${posted.length} batches in 160 ms`);
    assert.equal(posted.flat().map((u) => (u as { text: string }).text).join('').length, 160);
  });

  it('keeps the order of different updates', () => {
    const timers = new FakeTimers();
    const posted: TranscriptUpdate[][] = [];
    const batcher = new UpdateBatcher((u) => posted.push(u), 16, timers);
    batcher.push({ type: 'turnStarted', turn: { id: 'a', prompt: 'p', answer: '', status: 'streaming' } });
    batcher.push({ type: 'appended', turnId: 'a', text: 'x' });
    batcher.push({ type: 'appended', turnId: 'a', text: 'y' });
    batcher.push({ type: 'turnFinished', turnId: 'a', status: 'done' });
    timers.advance(0);
    assert.deepEqual(posted[0].map((u) => u.type), ['turnStarted', 'appended', 'turnFinished']);
  });

  it('drops pending updates on clear (a full reset follows)', () => {
    const timers = new FakeTimers();
    const posted: TranscriptUpdate[][] = [];
    const batcher = new UpdateBatcher((u) => posted.push(u), 16, timers);
    batcher.push({ type: 'appended', turnId: 'a', text: 'x' });
    batcher.clear();
    timers.advance(100);
    assert.equal(posted.length, 0);
  });
});
