import * as assert from 'node:assert/strict';
import { Transcript } from '../../../../../media/chat/view/transcript';
import { createRenderer, createWindow } from '../../../../support/jsdomRenderer';

function setup() {
  const win = createWindow();
  const log = win.document.createElement('main');
  win.document.body.append(log);
  return { log, transcript: new Transcript(log, createRenderer(win), () => undefined) };
}

describe('media/view/Transcript: earlier turns left out', () => {
  it('shows a quiet line above a turn whose request left out earlier turns', () => {
    const { log, transcript } = setup();
    transcript.apply({
      type: 'turnStarted',
      turn: { id: 't', prompt: 'Q10', answer: '', status: 'streaming', omitted: { count: 3, limitBytes: 262_144, limitMessages: 200 } },
    });
    const note = log.querySelector('.turn .turn-omitted');
    assert.equal(note?.textContent, "3 earlier turns were left out of this request to fit the endpoint's limits (256 KB, 200 messages).");
    assert.equal(note?.parentElement?.firstElementChild, note, 'it comes before the question');
    assert.ok(note?.classList.contains('turn-note'), 'styled as a quiet note');
  });

  it('says "1 earlier turn", keeps it after a reload, and shows nothing when no turn was left out', () => {
    const { log, transcript } = setup();
    transcript.reset([
      { id: 'a', prompt: 'Q1', answer: 'A1', status: 'done' },
      { id: 'b', prompt: 'Q2', answer: 'A2', status: 'done', omitted: { count: 1, limitBytes: 262_144, limitMessages: 200 } },
    ]);
    const notes = [...log.querySelectorAll('.turn-omitted')];
    assert.equal(notes.length, 1);
    assert.match(notes[0].textContent ?? '', /^1 earlier turn was left out/);
    assert.equal(notes[0].closest<HTMLElement>('.turn')?.dataset.turnId, 'b');
  });

  it("names the model's context window when tokens were the limit", () => {
    const { log, transcript } = setup();
    transcript.reset([{ id: 'a', prompt: 'Q', answer: 'A', status: 'done', omitted: { count: 12, limitBytes: 262_144, limitMessages: 200, limitTokens: 200_000 } }]);
    assert.equal(log.querySelector('.turn-omitted')?.textContent, "12 earlier turns were left out of this request to fit the model's context window (200,000 tokens).");
  });
});
