import * as assert from 'node:assert/strict';
import type { WebviewToHost } from '../../../../../src/protocol/webview';
import { formatStats } from '../../../../../media/chat/view/statsLine';
import { STREAMED_CLASS, Transcript } from '../../../../../media/chat/view/transcript';
import { createRenderer, createWindow, renderHtml } from '../../../../support/jsdomRenderer';

function setup() {
  const win = createWindow();
  const log = win.document.createElement('main');
  win.document.body.append(log);
  const posted: WebviewToHost[] = [];
  const renderer = createRenderer(win);
  const transcript = new Transcript(log, renderer, (m) => posted.push(m));
  return { win, log, posted, renderer, transcript };
}

describe('media/view/Transcript', () => {
  it('streams an answer, renders only on flush, and finishes with stats', () => {
    const { log, transcript } = setup();
    transcript.apply({ type: 'turnStarted', turn: { id: 't', prompt: 'Q?', answer: '', status: 'streaming', context: { fileName: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 3 } } });
    assert.equal(transcript.streaming, true);
    transcript.apply({ type: 'appended', turnId: 't', text: 'Hello **wor' });
    assert.equal(log.querySelector('.turn-answer')!.textContent, '', 'nothing before flush');
    transcript.flush();
    assert.match(log.querySelector('.turn-answer')!.textContent!, /Hello \*\*wor/);
    transcript.apply({ type: 'appended', turnId: 't', text: 'ld**' });
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done', stats: { outputTokens: 3, stopReason: 'end_turn' } });
    assert.equal(log.querySelector('.turn-answer strong')?.textContent, 'world');
    assert.equal(log.querySelector('.turn-context')?.textContent, 'a.ts:1-3');
    assert.equal(log.querySelector('.turn-stats')?.textContent, '? in / 3 out tokens · end_turn');
    assert.equal(transcript.streaming, false);
  });

  it('a streamed answer keeps skipping off-screen layout when it finishes, with exactly the one-shot DOM', () => {
    const { log, renderer, transcript } = setup();
    const answer = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'words '.repeat(40)}\n\n\`\`\`ts\nconst n${i} = ${i};\n\`\`\``).join('\n\n');
    transcript.apply({ type: 'turnStarted', turn: { id: 't', prompt: 'Q', answer: '', status: 'streaming' } });
    for (let i = 0; i < answer.length; i += 97) {
      transcript.apply({ type: 'appended', turnId: 't', text: answer.slice(i, i + 97) });
      if (i % 970 === 0) transcript.flush();
    }
    transcript.apply({ type: 'turnFinished', turnId: 't', status: 'done' });
    const element = log.querySelector<HTMLElement>('.turn-answer')!;
    assert.ok(!log.querySelector('.turn.streaming'));
    assert.ok(element.classList.contains(STREAMED_CLASS));
    assert.equal(element.innerHTML, renderHtml(renderer, answer));
  });

  it('turns clicks into copy, insert, retry and openLink messages', () => {
    const { win, log, posted, transcript } = setup();
    transcript.reset([{ id: 'e', prompt: 'p', answer: '```py\nprint(1)\n```\n[site](https://x.example)', status: 'error', error: { message: 'boom', retryable: true } }]);
    const click = (el: Element) => el.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true }));
    click(log.querySelector('[data-action="copy"] .codicon')!);
    click(log.querySelector('[data-action="insert"]')!);
    click(log.querySelector('.error-card [data-action="retry"]')!);
    const link = log.querySelector('a')!;
    assert.equal(link.hasAttribute('href'), false, 'no href: VS Code would open it without asking');
    const event = new win.MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(event);
    assert.equal(event.defaultPrevented, true, 'the webview never navigates');
    assert.deepEqual(posted, [
      { type: 'copy', text: 'print(1)' },
      { type: 'insert', text: 'print(1)' },
      { type: 'retry', turnId: 'e' },
      { type: 'openLink', href: 'https://x.example' },
    ]);
  });

  it('shows the empty state only without turns, and removes turns', () => {
    const { log, transcript } = setup();
    const empty = log.querySelector<HTMLElement>('.empty-state')!;
    assert.equal(empty.hidden, false);
    transcript.reset([{ id: 'a', prompt: 'p', answer: 'x', status: 'done' }]);
    assert.equal(empty.hidden, true);
    transcript.apply({ type: 'turnRemoved', turnId: 'a' });
    assert.equal(empty.hidden, false);
    assert.equal(log.querySelectorAll('.turn').length, 0);
  });

  it('writes prompts and error messages as text, never HTML', () => {
    const { log, transcript } = setup();
    transcript.reset([{ id: 'a', prompt: '<img src=x onerror=alert(1)>', answer: '', status: 'error', error: { message: '<b>x</b>', retryable: false } }]);
    assert.equal(log.querySelector('img, b'), null);
    assert.equal(log.querySelector('.turn-prompt')!.textContent, '<img src=x onerror=alert(1)>');
    assert.equal(log.querySelector('.error-card [data-action="retry"]'), null, 'no Retry when not retryable');
  });
});

describe('media/view/formatStats', () => {
  it('formats every field and skips missing ones', () => {
    assert.equal(
      formatStats({ timeToFirstTokenMs: 1234, tokensPerSecond: 51.26, inputTokens: 10, outputTokens: 20, stopReason: 'max_tokens', model: 'm' }),
      'First token 1.23 s · 51.3 tok/s · 10 in / 20 out tokens · max_tokens · m',
    );
    assert.equal(formatStats({}), '');
  });
});
