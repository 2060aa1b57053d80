import * as assert from 'node:assert/strict';
import { Announcer, firstWords } from '../../../../../media/chat/view/announcer';
import { Transcript } from '../../../../../media/chat/view/transcript';
import { createRenderer, createWindow } from '../../../../support/jsdomRenderer';

/** The live regions an element is inside of (itself included). */
const LIVE = '[aria-live]:not([aria-live="off"]), [role="log"], [role="status"], [role="alert"], [role="marquee"], [role="timer"]';

function setup() {
  const win = createWindow();
  const doc = win.document;
  const log = doc.createElement('div');
  log.setAttribute('role', 'region');
  const announcer = new Announcer(doc);
  doc.body.append(log, announcer.root);
  const said: string[] = [];
  const transcript = new Transcript(log, createRenderer(win), () => undefined, {
    announce: (text) => {
      said.push(text);
      announcer.say(text);
    },
  });
  const started = (id: string) => transcript.apply({ type: 'turnStarted', turn: { id, prompt: 'Q?', answer: '', status: 'streaming' } });
  return { doc, log, announcer, said, transcript, started };
}

describe('media/view/Announcer and the transcript\'s announcements', () => {
  it('firstWords keeps the first words, whitespace collapsed, with an ellipsis when there are more', () => {
    assert.equal(firstWords('  Use   readline\nwith a stream '), 'Use readline with a stream');
    assert.equal(firstWords('one two three four', 3), 'one two three…');
    assert.equal(firstWords(''), '');
  });

  it('is one polite, atomic status line; the same text twice is still a change', () => {
    const { announcer } = setup();
    assert.equal(announcer.root.getAttribute('role'), 'status');
    assert.equal(announcer.root.getAttribute('aria-live'), 'polite');
    assert.equal(announcer.root.getAttribute('aria-atomic'), 'true');
    announcer.say('Stopped.');
    const first = announcer.root.textContent;
    announcer.say('Stopped.');
    assert.notEqual(announcer.root.textContent, first);
    assert.equal(announcer.root.textContent!.trim(), 'Stopped.');
  });

  it('a streaming answer is in no live region and busy; one announcement when it is complete, none per chunk', () => {
    const { log, said, transcript, started } = setup();
    started('t');
    const turn = log.querySelector('.turn')!;
    const answer = log.querySelector('.turn-answer')!;
    for (const chunk of ['## Reading a file\n\nUse ', '**readline** with a ', 'stream, so a big file ', 'never sits in memory at once.']) {
      transcript.apply({ type: 'appended', turnId: 't', text: chunk });
      transcript.flush();
      assert.equal(answer.closest(LIVE), null, 'the streaming answer is not inside a live region');
      assert.equal(turn.getAttribute('aria-busy'), 'true');
    }
    assert.deepEqual(said, [], 'nothing is announced while it streams');
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done' });
    assert.equal(turn.hasAttribute('aria-busy'), false);
    assert.deepEqual(said, ['Answer complete: Reading a file Use readline with a stream, so a big file…']);
  });

  it('a stopped answer is announced as stopped; an error is left to its alert card', () => {
    const { log, said, transcript, started } = setup();
    started('a');
    transcript.apply({ type: 'appended', turnId: 'a', text: 'Partial' });
    transcript.apply({ type: 'turnFinished', turnId: 'a', status: 'stopped' });
    assert.deepEqual(said, ['Stopped.']);
    started('b');
    transcript.apply({ type: 'turnFinished', turnId: 'b', status: 'error', error: { message: 'Throttled', retryable: true } });
    assert.deepEqual(said, ['Stopped.'], 'no second announcement for the error');
    assert.equal(log.querySelector('[data-turn-id="b"] .error-card')?.getAttribute('role'), 'alert');
  });

  it('history and Continue: a reset announces nothing; a continued answer is announced again when complete', () => {
    const { said, transcript, started } = setup();
    transcript.reset([{ id: 'h', prompt: 'Old', answer: 'Old answer', status: 'done' }]);
    assert.deepEqual(said, []);
    started('c');
    transcript.apply({ type: 'appended', turnId: 'c', text: 'First part' });
    transcript.apply({ type: 'turnFinished', turnId: 'c', status: 'done', canContinue: true });
    transcript.apply({ type: 'turnResumed', turnId: 'c' });
    transcript.apply({ type: 'appended', turnId: 'c', text: ' and the rest' });
    transcript.apply({ type: 'turnFinished', turnId: 'c', status: 'done' });
    assert.deepEqual(said, ['Answer complete: First part', 'Answer complete: First part and the rest']);
  });
});
