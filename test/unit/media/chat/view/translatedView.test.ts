import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { WebviewToHost } from '../../../../../src/protocol/webview';
import { WEBVIEW_STRINGS, type WebviewStringKey } from '../../../../../src/protocol/webviewStrings';
import { useStrings } from '../../../../../media/chat/strings';
import { Composer } from '../../../../../media/chat/view/composer';
import { ChatHeader } from '../../../../../media/chat/view/header';
import { ModelPicker } from '../../../../../media/chat/view/modelPicker';
import { Transcript } from '../../../../../media/chat/view/transcript';
import { createRenderer, createWindow } from '../../../../support/jsdomRenderer';

/** Every text as `⟦key …⟧`, its placeholders kept: whatever is left outside the brackets did not come from the table. */
function pseudoTable(): Record<WebviewStringKey, string> {
  const entries = Object.entries(WEBVIEW_STRINGS).map(([key, english]) => [key, `⟦${key}${(english.match(/\{\d+\}/g) ?? []).map((p) => ` ${p}`).join('')}⟧`]);
  return Object.fromEntries(entries) as Record<WebviewStringKey, string>;
}

/** Text that stays as it is: the product's name, key names, and the stop reason as the endpoint sent it. */
const NOT_TRANSLATED = ['Ask Bedrock', 'Ctrl+Alt+I', 'Shift+Enter', 'Enter', 'Esc', 'max_tokens'];

/** `text` without the table's texts, the fixed names and URLs: English words left in it were built outside the table. */
function strayWords(text: string): string[] {
  let rest = text;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  for (const fixed of NOT_TRANSLATED) rest = rest.split(fixed).join(' ');
  rest = rest.replace(/https?:\S+/g, ' ');
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}

/** Every visible text and every text read out or shown as a tooltip, outside code. */
function textsOf(root: HTMLElement): string[] {
  const texts: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('pre, code, kbd')) texts.push(node.textContent ?? '');
  }
  for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
    // data-placeholder: text the style sheet shows (content: attr(data-placeholder)).
    for (const attribute of ['aria-label', 'title', 'placeholder', 'alt', 'data-placeholder']) {
      const value = element.getAttribute(attribute);
      if (value) texts.push(value);
    }
  }
  return texts;
}

describe('media/view in another language', () => {
  afterEach(() => useStrings({}));

  it('every label, button, placeholder, aria text, tooltip and note of the panel comes from the host table', () => {
    useStrings(pseudoTable());
    const win = createWindow();
    const doc = win.document;
    const posted: WebviewToHost[] = [];
    const post = (m: WebviewToHost) => posted.push(m);
    const log = doc.createElement('main');
    const transcript = new Transcript(log, createRenderer(win), post);
    const header = new ChatHeader(doc, post);
    const picker = new ModelPicker(doc, post);
    const composer = new Composer(doc, post, { load: () => '', save: () => undefined }, { picker });
    doc.body.append(header.root, log, composer.root);

    header.update({ id: 'c', title: '', costUsd: 0.0123 });
    picker.update({
      models: [
        { id: 'm1', name: 'モデル一', reasoning: true, tools: true, isDefault: true },
        { id: 'm2', name: 'モデル二', reasoning: false, tools: false, isDefault: false },
      ],
      selectedId: '',
      reasoningBudget: 4096,
      note: '注記',
    });
    composer.chips.update([{ id: 'a', kind: 'selection', label: 'a.ts:1-2', detail: 'x/a.ts', bytes: 2048 }]);
    const omitted = { limitBytes: 262144, limitMessages: 200 };
    transcript.apply({
      type: 'turnStarted',
      turn: {
        id: 't1', prompt: '質問', answer: '', status: 'streaming', reasoning: '考え', reasoningRedacted: true,
        context: { fileName: 'a.ts', languageId: 'typescript', startLine: 1, endLine: 2 },
        attachments: [{ id: 'a', kind: 'file', label: 'b.ts', bytes: 12 }], omitted: { count: 1, ...omitted },
      },
    });
    transcript.apply({ type: 'appended', turnId: 't1', text: '答え ![](https://e.x/i.png) ![説明](javascript:x) [悪い](javascript:x) [リンク](https://e.x)\n\n```ts\nconst value = 1;\n```\n\n```\nplain\n```\n' });
    transcript.flush();
    transcript.apply({ type: 'turnFinished', turnId: 't1', status: 'done', canContinue: true, stats: { timeToFirstTokenMs: 420, tokensPerSecond: 35, inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 3, cacheWriteInputTokens: 4, costUsd: 0.5, stopReason: 'max_tokens' } });
    transcript.apply({ type: 'turnStarted', turn: { id: 't2', prompt: '質問', answer: '', status: 'streaming', omitted: { count: 2, limitTokens: 200000, ...omitted } } });
    transcript.apply({ type: 'turnFinished', turnId: 't2', status: 'error', canContinue: true, error: { message: 'エラー', retryable: true, action: { label: '修正' } } });
    transcript.apply({ type: 'turnStarted', turn: { id: 't3', prompt: '質問', answer: '', status: 'streaming', reasoning: '考え' } });
    transcript.apply({ type: 'turnFinished', turnId: 't3', status: 'error' });
    const live = textsOf(doc.body);
    transcript.reset([
      ...[1, 2, 3].map((n) => ({ id: `h${n}`, prompt: '質問', answer: '答え', status: 'done' as const, reasoning: '考え', reasoningRedacted: n === 2, omitted: { count: n, ...omitted } })),
      { id: 'h4', prompt: '質問', answer: '答え', status: 'stopped', reasoningRedacted: true },
      { id: 'h5', prompt: '質問', answer: '答え', status: 'done', canContinue: true },
    ]);
    const withHistory = textsOf(doc.body);
    transcript.reset([]);

    const texts = [...live, ...withHistory, ...textsOf(doc.body)];
    const stray = texts.flatMap((text) => strayWords(text).map((word) => `${word} in ${JSON.stringify(text)}`));
    assert.deepEqual(stray, []);
    // The check sees what it should: the table's texts are on the page.
    const joined = texts.join('\n');
    for (const key of ['promptPlaceholder', 'emptyText', 'conversationCost', 'copyCode', 'thoughtPartlyRedacted', 'omittedOneForLimits', 'statsFirstToken', 'retry', 'lengthLimitReached', 'linkRemoved', 'imageNotLoaded', 'thinking'] as const) {
      assert.ok(joined.includes(`⟦${key}`), key);
    }
  });

  it('the style sheets show no words of their own (CSS content is not translated; it takes text from an attribute)', () => {
    const dir = path.join(__dirname, '../../../../../media/chat');
    const words = readdirSync(dir)
      .filter((name) => name.endsWith('.css'))
      .flatMap((name) => [...readFileSync(path.join(dir, name), 'utf8').matchAll(/content:\s*(['"])(.*?)\1/g)].filter((m) => /[A-Za-z]{2,}/.test(m[2])).map((m) => `${name}: ${m[0]}`));
    assert.deepEqual(words, []);
  });
});
