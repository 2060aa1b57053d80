import * as assert from 'node:assert/strict';
import type { Turn } from '../../../../../src/protocol/webview';
import { HISTORY_CLASS, PENDING_CLASS, STREAMED_CLASS } from '../../../../../media/chat/view/transcript';
import { renderHtml } from '../../../../support/jsdomRenderer';
import { FakeWatcher, transcriptSetup } from '../../../../support/transcriptFakes';

/** An answer of about `paragraphs` blocks, with code, different per turn. */
const answerFor = (n: number, paragraphs = 12) =>
  Array.from({ length: paragraphs }, (_, i) => (i % 4 === 3 ? `\`\`\`ts\nconst v${n}_${i} = ${i};\n\`\`\`` : `Turn ${n}, paragraph ${i}: ${'word '.repeat(60)}`)).join('\n\n');
const history = (count: number, paragraphs?: number): Turn[] =>
  Array.from({ length: count }, (_, n) => ({ id: `t${n}`, prompt: `Q${n}`, answer: answerFor(n, paragraphs), status: 'done' as const }));

describe('media/view/Transcript: a reopened conversation renders its answers later, newest and visible first', function () {
  this.timeout(20_000);

  it('shows every turn at once, renders the newest answer first (from its end) in slices, the rest when idle', () => {
    const { log, renderer, scheduler, transcript } = transcriptSetup({ tickPerRead: 3 });
    const turns = history(3, 100);
    transcript.reset(turns);
    const answers = [...log.querySelectorAll<HTMLElement>('.turn-answer')];
    assert.equal(log.querySelectorAll('.turn').length, 3, 'every turn is there at once');
    assert.equal(log.querySelectorAll('.turn-prompt')[0]!.textContent, 'Q0');
    const newest = answers[2]!;
    assert.ok(newest.childElementCount > 0 && newest.classList.contains(PENDING_CLASS), 'part of the newest answer is there, not all of it');
    assert.match(newest.lastElementChild!.textContent ?? '', /const v2_99 = 99;/, 'its end first: the view opens at the bottom');
    assert.ok(answers.slice(0, 2).every((a) => a.childElementCount === 0 && a.classList.contains(PENDING_CLASS)));
    assert.equal(log.getAttribute('aria-busy'), 'true', 'screen readers wait for the answer in view');

    assert.ok(scheduler.runTasks() > 1, 'the rest of the newest answer comes in several slices');
    assert.equal(newest.innerHTML, renderHtml(renderer, turns[2]!.answer));
    assert.equal(newest.classList.contains(PENDING_CLASS), false);
    assert.equal(newest.classList.contains(STREAMED_CLASS), false, 'a 30 KB answer needs no block-by-block layout skipping');
    const skipsAsAWhole = [...log.querySelectorAll('.turn')].map((turn) => turn.classList.contains(HISTORY_CLASS));
    assert.deepEqual(skipsAsAWhole, [true, true, false], 'older turns skip layout as a whole off screen; the newest, shown first, is laid out');
    assert.equal(log.hasAttribute('aria-busy'), false);
    assert.equal(answers[1]!.childElementCount, 0, 'older answers wait for idle time');

    while (scheduler.runIdle()) scheduler.runTasks();
    answers.forEach((answer, i) => assert.equal(answer.innerHTML, renderHtml(renderer, turns[i]!.answer), `answer ${i} equals its one-shot render`));
    assert.equal(log.querySelectorAll(`.${PENDING_CLASS}`).length, 0);
  });

  it('renders answers that come near the screen before the others, and stays busy until the watcher has reported', () => {
    const watcher = new FakeWatcher();
    const { log, scheduler, transcript } = transcriptSetup({ watcher });
    transcript.reset(history(10));
    const answers = [...log.querySelectorAll<HTMLElement>('.turn-answer')];
    assert.equal(answers[9]!.classList.contains(PENDING_CLASS), false, 'a short newest answer is there at once');
    assert.equal(log.getAttribute('aria-busy'), 'true', 'what else is near the screen is not known yet');
    assert.equal(watcher.observed.size, 9);
    watcher.report(answers[2]!, answers[3]!);
    assert.equal(log.getAttribute('aria-busy'), 'true');
    scheduler.runTasks();
    assert.ok(!answers[2]!.classList.contains(PENDING_CLASS) && !answers[3]!.classList.contains(PENDING_CLASS));
    assert.ok(answers[8]!.classList.contains(PENDING_CLASS), 'the ones out of view still wait');
    assert.equal(log.hasAttribute('aria-busy'), false);
    assert.equal(watcher.observed.has(answers[2]!), false, 'a rendered answer is no longer watched');
    scheduler.runIdle();
    assert.ok(!answers[8]!.classList.contains(PENDING_CLASS), 'idle time goes to the newest waiting answer');
    assert.ok(answers[7]!.classList.contains(PENDING_CLASS));
    transcript.reset(history(2));
    assert.equal(log.getAttribute('aria-busy'), 'true');
    transcript.reset([]);
    assert.equal(log.hasAttribute('aria-busy'), false, 'an empty conversation has nothing to wait for');
    assert.equal(watcher.observed.size, 0);
  });

  it('Continue on an answer not rendered yet shows it whole with the rest after it; removing or resetting drops waiting work', () => {
    const { log, renderer, scheduler, transcript } = transcriptSetup();
    transcript.reset(history(3));
    const oldest = log.querySelector<HTMLElement>('.turn-answer')!;
    assert.equal(oldest.childElementCount, 0);
    transcript.apply({ type: 'turnResumed', turnId: 't0' });
    transcript.apply({ type: 'appended', turnId: 't0', text: '\n\nMore.' });
    transcript.apply({ type: 'turnFinished', turnId: 't0', status: 'done' });
    assert.equal(oldest.innerHTML, renderHtml(renderer, `${answerFor(0)}\n\nMore.`));

    transcript.apply({ type: 'turnRemoved', turnId: 't1' });
    transcript.reset(history(2));
    const before = log.innerHTML;
    while (scheduler.runIdle()) scheduler.runTasks();
    assert.equal(log.querySelectorAll('.turn').length, 2);
    assert.notEqual(log.innerHTML, before, 'the new conversation renders');
    assert.equal(log.querySelectorAll(`.${PENDING_CLASS}`).length, 0);
  });

  it('a long answer from history also skips layout block by block; Continue makes its turn an ordinary one', () => {
    const { log, scheduler, transcript } = transcriptSetup();
    transcript.reset([{ id: 'long', prompt: 'Q', answer: answerFor(0, 400), status: 'done' }]);
    scheduler.runTasks();
    const answer = log.querySelector<HTMLElement>('.turn-answer')!;
    assert.ok(answer.classList.contains(STREAMED_CLASS));
    transcript.apply({ type: 'turnResumed', turnId: 'long' });
    assert.equal(log.querySelector(`.${HISTORY_CLASS}`), null);
  });

  it('when the newest turn is still streaming, the newest finished answer renders at once', () => {
    const { log, renderer, transcript } = transcriptSetup();
    transcript.reset([
      { id: 'a', prompt: 'Q1', answer: answerFor(1), status: 'done' },
      { id: 'b', prompt: 'Q2', answer: answerFor(2), status: 'done' },
      { id: 'c', prompt: 'Q3', answer: 'Still stre', status: 'streaming' },
    ]);
    const answers = log.querySelectorAll<HTMLElement>('.turn-answer');
    assert.equal(answers[1]!.innerHTML, renderHtml(renderer, answerFor(2)));
    assert.ok(answers[0]!.classList.contains(PENDING_CLASS));
    assert.equal(log.querySelector('.turn.streaming')?.classList.contains(HISTORY_CLASS), false, 'a streaming turn is laid out as usual');
  });

  it('keeps the earlier behaviour for what is not history: a turn started by the host renders at once', () => {
    const { log, renderer, transcript } = transcriptSetup();
    const turn: Turn = { id: 'x', prompt: 'Q', answer: answerFor(1), status: 'done' };
    transcript.apply({ type: 'turnStarted', turn });
    assert.equal(log.querySelector('.turn-answer')!.innerHTML, renderHtml(renderer, turn.answer));
  });
});
