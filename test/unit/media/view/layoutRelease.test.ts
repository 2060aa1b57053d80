import * as assert from 'node:assert/strict';
import { DEFERRED_CLASS, releaseLayout } from '../../../../media/chat/view/layoutRelease';
import { Transcript } from '../../../../media/chat/view/transcript';
import { createRenderer, createWindow, renderHtml } from '../dom';

/** An idle scheduler that runs callbacks only when the test says so. */
function manualIdle() {
  const queue: Array<() => void> = [];
  return {
    schedule: (callback: () => void) => void queue.push(callback),
    /** Runs the callbacks queued so far; returns how many ran. */
    runOnce(): number {
      const now = queue.splice(0);
      for (const callback of now) callback();
      return now.length;
    },
  };
}

describe('media/view/releaseLayout', () => {
  it('keeps the layout skip on every block, then releases them last to first in slices, leaving the DOM as it was', () => {
    const win = createWindow();
    const container = win.document.createElement('div');
    win.document.body.append(container);
    const paragraph = 'x'.repeat(1_000);
    container.innerHTML = Array.from({ length: 10 }, (_, i) => `<p${i === 3 ? ' class="keep"' : ''}>${i}${paragraph}</p>`).join('');
    const before = container.innerHTML;
    const idle = manualIdle();

    releaseLayout(container, idle.schedule);
    const deferred = () => Array.from(container.children, (c) => c.classList.contains(DEFERRED_CLASS));
    assert.deepEqual(deferred(), Array(10).fill(true), 'nothing is laid out at once');

    assert.equal(idle.runOnce(), 1);
    assert.deepEqual(deferred(), [...Array(7).fill(true), false, false, false], 'one slice: the last blocks, up to about 3,000 characters');
    let slices = 1;
    while (idle.runOnce() > 0) slices++;
    assert.equal(slices, 4);
    assert.deepEqual(deferred(), Array(10).fill(false));
    assert.equal(container.innerHTML, before, 'no class attribute left behind, other classes kept');
  });

  it('stops when the answer leaves the page (turn removed or view reset)', () => {
    const win = createWindow();
    const container = win.document.createElement('div');
    win.document.body.append(container);
    container.innerHTML = Array.from({ length: 10 }, (_, i) => `<p>${i}${'x'.repeat(1_000)}</p>`).join('');
    const idle = manualIdle();
    releaseLayout(container, idle.schedule);
    assert.equal(idle.runOnce(), 1);
    container.remove();
    assert.equal(idle.runOnce(), 1);
    assert.equal(idle.runOnce(), 0, 'no further slices are scheduled');
    assert.equal(container.querySelectorAll(`.${DEFERRED_CLASS}`).length, 7, 'nothing more was touched');
  });

  it('a finished turn ends up exactly as a one-shot render once idle time has run', () => {
    const win = createWindow();
    const log = win.document.createElement('main');
    win.document.body.append(log);
    const renderer = createRenderer(win);
    const idle = manualIdle();
    const transcript = new Transcript(log, renderer, () => undefined, idle.schedule);
    const answer = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${'words '.repeat(60)}\n\n\`\`\`ts\nconst n${i} = ${i};\n\`\`\``).join('\n\n');
    transcript.apply({ type: 'turnStarted', turn: { id: 't', prompt: 'Q', answer: '', status: 'streaming' } });
    for (let i = 0; i < answer.length; i += 97) {
      transcript.apply({ type: 'appended', turnId: 't', text: answer.slice(i, i + 97) });
      if (i % 970 === 0) transcript.flush();
    }
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done' });
    const element = log.querySelector('.turn-answer')!;
    assert.ok(element.querySelector(`.${DEFERRED_CLASS}`), 'blocks still skip layout right after the finish');
    assert.ok(!log.querySelector('.turn.streaming'));
    while (idle.runOnce() > 0);
    assert.equal(element.innerHTML, renderHtml(renderer, answer));
  });
});
