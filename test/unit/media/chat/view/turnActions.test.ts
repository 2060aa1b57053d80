import * as assert from 'node:assert/strict';
import { renderHtml } from '../../../../support/jsdomRenderer';
import { transcriptSetup } from '../../../../support/transcriptFakes';

describe('media/view/Transcript: attachments, Continue, error actions, Apply', () => {
  it('lists what was sent with the question: icon, label, size, the path as a tooltip, as text', () => {
    const { log, transcript } = transcriptSetup();
    transcript.reset([
      {
        id: 'a',
        prompt: 'Explain',
        answer: 'Sure.',
        status: 'done',
        attachments: [
          { id: '1', kind: 'file', label: 'app.ts', detail: 'src/app.ts', bytes: 12_595 },
          { id: '2', kind: 'selection', label: 'util.ts:3-9', bytes: 300 },
          { id: '3', kind: 'problems', label: '<img src=x> (2)', bytes: 2_048 },
        ],
      },
    ]);
    const list = log.querySelector('.turn-user ul.turn-attachments')!;
    assert.equal(list.getAttribute('aria-label'), 'Sent with the question');
    const items = [...list.querySelectorAll('li')];
    assert.deepEqual(items.map((li) => [li.querySelector('.codicon')!.className, li.querySelector('.attachment-label')!.textContent, li.querySelector('.attachment-size')!.textContent]), [
      ['codicon codicon-file', 'app.ts', '12.3 KB'],
      ['codicon codicon-list-selection', 'util.ts:3-9', '300 B'],
      ['codicon codicon-warning', '<img src=x> (2)', '2.0 KB'],
    ]);
    assert.equal(items[0]!.title, 'src/app.ts');
    assert.equal(items[1]!.hasAttribute('title'), false);
    assert.equal(log.querySelector('img'), null, 'labels are text');
    assert.equal(items[0]!.querySelector('.codicon')!.getAttribute('aria-hidden'), 'true');
  });

  it('offers Continue on an answer cut at max_tokens, and posts it with the turn id', () => {
    const { log, posted, transcript, click } = transcriptSetup();
    transcript.apply({ type: 'turnStarted', turn: { id: 't', prompt: 'Q', answer: '', status: 'streaming' } });
    transcript.apply({ type: 'appended', turnId: 't', text: 'Half' });
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done', stats: { stopReason: 'max_tokens', outputTokens: 10 }, canContinue: true });
    const row = log.querySelector('.turn-continue')!;
    assert.equal(row.querySelector('.turn-note')!.textContent, 'The answer reached its length limit.');
    click(row.querySelector('button[aria-label="Continue"] span:last-child')!);
    assert.deepEqual(posted, [{ type: 'continue', turnId: 't' }]);
    transcript.reset([{ id: 'h', prompt: 'Q', answer: 'A', status: 'done' }]);
    assert.equal(log.querySelector('[data-action="continue"]'), null, 'no Continue unless the turn can continue');
  });

  it('an error card has the way out (errorAction) next to Retry, and Continue when the text was kept', () => {
    const { log, posted, transcript, click } = transcriptSetup();
    transcript.reset([
      {
        id: 'e',
        prompt: 'Q',
        answer: 'Partial',
        status: 'error',
        canContinue: true,
        error: { message: 'Your AWS SSO session has expired.', retryable: true, action: { label: 'Copy aws sso login command' } },
      },
    ]);
    const card = log.querySelector('.error-card')!;
    const buttons = [...card.querySelectorAll('button')].map((b) => b.textContent);
    assert.deepEqual(buttons, ['Copy aws sso login command', 'Retry', 'Continue']);
    click(card.querySelector('.error-action')!);
    click(card.querySelector('[data-action="retry"]')!);
    click(card.querySelector('[data-action="continue"]')!);
    assert.deepEqual(posted, [
      { type: 'errorAction', turnId: 'e' },
      { type: 'retry', turnId: 'e' },
      { type: 'continue', turnId: 'e' },
    ]);
    assert.equal(log.querySelector('.turn-answer')!.textContent?.trim(), 'Partial', 'the partial answer stays');
  });

  it('turnResumed streams the same answer on: a code block cut in the middle continues as one block', () => {
    const { log, renderer, transcript } = transcriptSetup();
    const first = 'Here:\n\n```ts\nconst a = 1;\nconst b';
    const rest = ' = 2;\n```\n\nDone.';
    transcript.apply({ type: 'turnStarted', turn: { id: 't', prompt: 'Q', answer: '', status: 'streaming' } });
    transcript.apply({ type: 'appended', turnId: 't', text: first });
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done', stats: { stopReason: 'max_tokens' }, canContinue: true });
    const button = log.querySelector<HTMLButtonElement>('[data-action="continue"]')!;
    button.focus();
    transcript.apply({ type: 'turnResumed', turnId: 't' });
    assert.equal(transcript.streaming, true);
    assert.ok(log.querySelector('.turn')!.classList.contains('streaming'));
    assert.equal(log.querySelector('.turn-continue, .turn-stats'), null, 'the old outcome is gone');
    assert.equal(log.ownerDocument.activeElement, log, 'focus moves to the transcript, not to nowhere');
    transcript.apply({ type: 'appended', turnId: 't', text: rest });
    transcript.flush();
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done', stats: { stopReason: 'end_turn', outputTokens: 30 } });
    assert.equal(log.querySelectorAll('.code-block').length, 1);
    assert.equal(log.querySelector('.turn-answer')!.innerHTML, renderHtml(renderer, first + rest));
    assert.equal(log.querySelector('.turn-stats')!.textContent, '? in / 30 out tokens · end_turn');
    assert.equal(log.querySelector('[data-action="continue"]'), null);
  });

  it('Apply posts the code block with its turn and language; Copy and Insert stay', () => {
    const { log, posted, transcript, click } = transcriptSetup();
    transcript.reset([{ id: 'c', prompt: 'Q', answer: '```python\nprint(1)\n```\n\n```\nplain\n```', status: 'done' }]);
    const blocks = log.querySelectorAll('.code-block');
    assert.deepEqual([...blocks[0]!.querySelectorAll('button')].map((b) => b.getAttribute('aria-label')), ['Copy code', 'Insert code at cursor', 'Apply to file (review as a diff)']);
    click(blocks[0]!.querySelector('[data-action="apply"] .codicon')!);
    click(blocks[1]!.querySelector('[data-action="apply"]')!);
    assert.deepEqual(posted, [
      { type: 'apply', turnId: 'c', text: 'print(1)', language: 'python' },
      { type: 'apply', turnId: 'c', text: 'plain' },
    ]);
  });
});
