import * as assert from 'node:assert/strict';
import { transcriptSetup } from '../../../../support/transcriptFakes';

const started = { type: 'turnStarted', turn: { id: 't', prompt: 'Why?', answer: '', status: 'streaming' } } as const;

describe('media/view/Transcript: thinking', () => {
  it('streams reasoning as plain text in an open "Thinking…" section before any answer', () => {
    const { log, transcript } = transcriptSetup();
    transcript.apply(started);
    assert.equal(log.querySelector('.turn-thinking'), null, 'no section until the model reasons');
    transcript.apply({ type: 'reasoning', turnId: 't', text: 'Let me look at <b>this</b>' });
    transcript.apply({ type: 'reasoning', turnId: 't', text: ' first.' });
    const details = log.querySelector<HTMLDetailsElement>('details.turn-thinking')!;
    assert.equal(details.open, true);
    assert.equal(details.querySelector('summary')!.textContent, 'Thinking…');
    assert.equal(details.querySelector('.thinking-text')!.textContent, 'Let me look at <b>this</b> first.');
    assert.equal(details.querySelector('b'), null, 'reasoning is text, never markup');
    assert.equal(details.nextElementSibling, log.querySelector('.turn-answer'), 'it comes before the answer');
    assert.ok(log.querySelector('.turn')!.classList.contains('has-thinking'));
  });

  it('collapses once when the answer starts, says how long it thought, and can be reopened', () => {
    const { log, transcript, scheduler } = transcriptSetup();
    transcript.apply(started);
    transcript.apply({ type: 'reasoning', turnId: 't', text: 'Hmm.' });
    scheduler.time += 4_400;
    transcript.apply({ type: 'appended', turnId: 't', text: '' });
    const details = log.querySelector<HTMLDetailsElement>('details.turn-thinking')!;
    assert.equal(details.open, true, 'empty text is not the answer starting');
    transcript.apply({ type: 'appended', turnId: 't', text: 'Because' });
    assert.equal(details.open, false);
    assert.equal(details.querySelector('summary')!.textContent, 'Thought for 4 s');
    details.open = true;
    transcript.apply({ type: 'appended', turnId: 't', text: ' it is.' });
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done' });
    assert.equal(details.open, true, 'the user opened it again: it stays open');
    assert.equal(details.querySelector('summary')!.textContent, 'Thought for 4 s');
  });

  it('says when the reasoning was redacted, with or without visible text', () => {
    const { log, transcript } = transcriptSetup();
    transcript.apply(started);
    transcript.apply({ type: 'reasoning', turnId: 't', redacted: true });
    transcript.apply({ type: 'appended', turnId: 't', text: 'Answer' });
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done' });
    assert.equal(log.querySelector('.turn-thinking summary')!.textContent, 'Reasoning hidden by the model (redacted)');
    transcript.reset([{ id: 'h', prompt: 'Q', answer: 'A', status: 'done', reasoning: 'Some', reasoningRedacted: true, stats: { timeToFirstTokenMs: 12_300 } }]);
    const details = log.querySelector<HTMLDetailsElement>('details.turn-thinking')!;
    assert.equal(details.open, false, 'history shows it closed');
    assert.equal(details.querySelector('summary')!.textContent, 'Thought for 12 s (part of it redacted)');
  });

  it('a turn that ends while still thinking closes the section; a reloaded streaming turn keeps it open', () => {
    const { log, transcript, scheduler } = transcriptSetup();
    transcript.apply(started);
    transcript.apply({ type: 'reasoning', turnId: 't', text: 'Long thought' });
    scheduler.time += 2_000;
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'stopped' });
    assert.equal(log.querySelector<HTMLDetailsElement>('details.turn-thinking')!.open, false);
    assert.equal(log.querySelector('.turn-thinking summary')!.textContent, 'Thought for 2 s');
    transcript.reset([{ id: 's', prompt: 'Q', answer: '', status: 'streaming', reasoning: 'Still going' }]);
    const details = log.querySelector<HTMLDetailsElement>('details.turn-thinking')!;
    assert.equal(details.open, true);
    assert.equal(details.querySelector('summary')!.textContent, 'Thinking…');
    assert.equal(details.querySelector('.thinking-text')!.textContent, 'Still going');
  });

  it('ignores reasoning for a finished or unknown turn', () => {
    const { log, transcript } = transcriptSetup();
    transcript.reset([{ id: 'd', prompt: 'Q', answer: 'A', status: 'done' }]);
    transcript.apply({ type: 'reasoning', turnId: 'd', text: 'late' });
    transcript.apply({ type: 'reasoning', turnId: 'nope', text: 'x' });
    assert.equal(log.querySelector('.turn-thinking'), null);
  });
});
