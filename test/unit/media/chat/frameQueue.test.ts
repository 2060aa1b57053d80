import * as assert from 'node:assert/strict';
import { FrameQueue } from '../../../../media/chat/frameQueue';

describe('media/FrameQueue', () => {
  function setup() {
    const frames: Array<() => void> = [];
    const runs: number[][] = [];
    const queue = new FrameQueue<number>((items) => runs.push(items), (cb) => frames.push(cb));
    return { frames, runs, queue };
  }

  it('coalesces everything pushed before a frame into one run', () => {
    const { frames, runs, queue } = setup();
    for (let i = 0; i < 100; i++) queue.push(i);
    assert.equal(frames.length, 1, 'one frame requested');
    assert.equal(runs.length, 0, 'no work before the frame');
    frames.shift()!();
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.length, 100);
  });

  it('requests a new frame only for items pushed after the last one ran', () => {
    const { frames, runs, queue } = setup();
    queue.push(1);
    frames.shift()!();
    assert.equal(frames.length, 0);
    queue.push(2);
    queue.push(3);
    assert.equal(frames.length, 1);
    frames.shift()!();
    assert.deepEqual(runs, [[1], [2, 3]]);
  });

  it('keeps items pushed while running for the next frame', () => {
    const frames: Array<() => void> = [];
    const runs: number[][] = [];
    const queue: FrameQueue<number> = new FrameQueue<number>(
      (items) => {
        runs.push(items);
        if (items[0] === 1) queue.push(9);
      },
      (cb) => frames.push(cb),
    );
    queue.push(1);
    frames.shift()!();
    assert.equal(frames.length, 1);
    frames.shift()!();
    assert.deepEqual(runs, [[1], [9]]);
  });
});

describe('media/FrameQueue with pacing', () => {
  it('runs at most once per interval, however many frames pass, and loses nothing', () => {
    let now = 0;
    const frames: Array<() => void> = [];
    const timers: Array<{ at: number; cb: () => void }> = [];
    const runs: number[][] = [];
    const queue = new FrameQueue<number>((items) => runs.push(items), (cb) => frames.push(cb), {
      minIntervalMs: 50,
      now: () => now,
      delay: (ms, cb) => timers.push({ at: now + ms, cb }),
    });
    queue.push(1);
    frames.shift()!();
    assert.deepEqual(runs, [[1]], 'the first item runs in the next frame');
    now = 16;
    queue.push(2);
    queue.push(3);
    assert.equal(frames.length, 0, 'no frame requested inside the interval');
    assert.equal(timers.length, 1);
    assert.equal(timers[0]!.at, 50, 'waits for the rest of the interval');
    now = 50;
    timers.shift()!.cb();
    queue.push(4);
    frames.shift()!();
    assert.deepEqual(runs, [[1], [2, 3, 4]]);
    now = 200;
    queue.push(5);
    assert.equal(timers.length, 0, 'after a quiet spell the next item goes in the next frame');
    frames.shift()!();
    assert.deepEqual(runs.at(-1), [5]);
  });
});
