import * as assert from 'node:assert/strict';
import type { AttachmentInfo, HostToWebview, ModelPickerState } from '../../../src/protocol/webview';
import { auditWithAxe, blocking, writeAxeReport, type AxeResult } from '../../support/axeAudit';
import type { HarnessTheme } from '../../support/webviewHarness/server';
import { closeBrowser, openHarness, type HarnessPage } from '../../support/webviewHarness/page';

const ANSWER = [
  '## Reading a file line by line',
  '',
  'Use **`readline`** with a stream, so a big file never sits in memory at once:',
  '',
  '```ts',
  "import { createReadStream } from 'node:fs';",
  "import { createInterface } from 'node:readline';",
  '',
  '/** Counts the non-empty lines of a file. */',
  'export async function countLines(file: string): Promise<number> {',
  '  let count = 0;',
  '  for await (const line of createInterface({ input: createReadStream(file) })) {',
  '    if (line.trim() !== "") count++;',
  '  }',
  '  return count;',
  '}',
  '```',
  '',
  '> Works for files of any size.',
  '',
  '- `crlfDelay: Infinity` treats `\\r\\n` as one break',
  '- See the [Node.js docs](https://nodejs.org/api/readline.html) for details.',
  '',
  '```json',
  '{ "lines": 42, "ok": true }',
  '```',
  '',
].join('\n');
const STATS = { timeToFirstTokenMs: 420, tokensPerSecond: 48.3, inputTokens: 120, outputTokens: 180, costUsd: 0.0031, stopReason: 'end_turn', model: 'us.anthropic.claude-sonnet-4-5' };
const MODELS: ModelPickerState = {
  models: [
    { id: 'us.anthropic.claude-sonnet-4-5', name: 'Claude Sonnet 4.5', reasoning: true, tools: true, isDefault: true },
    { id: 'us.anthropic.claude-haiku-4-5', name: 'Claude Haiku 4.5', reasoning: false, tools: true, isDefault: false },
  ],
  selectedId: '',
  reasoningBudget: 4096,
};
const CHIPS: AttachmentInfo[] = [
  { id: 'sel', kind: 'selection', label: 'reader.ts:10-20', detail: 'src/reader.ts', bytes: 612 },
  { id: 'prob', kind: 'problems', label: 'Problems in reader.ts (2)', bytes: 230 },
];

const post = (h: HarnessPage, message: HostToWebview) => h.page.evaluate((m) => window.__harness.post(m), message);
const frames = (h: HarnessPage, n = 2) => h.page.evaluate((k) => window.__harness.frames(k), n);
const batch = (...updates: Extract<HostToWebview, { type: 'batch' }>['updates']): HostToWebview => ({ type: 'batch', updates });
const started = (id: string) => batch({ type: 'turnStarted', turn: { id, prompt: 'How do I read a file line by line?', answer: '', status: 'streaming', attachments: CHIPS } });

/** Each state of the panel the audit covers, brought about the way the host would. */
const STATES: ReadonlyArray<{ name: string; enter(h: HarnessPage): Promise<void> }> = [
  { name: 'empty', enter: async (h) => frames(h) },
  {
    name: 'streaming',
    enter: async (h) => {
      await post(h, { type: 'models', state: MODELS });
      await post(h, started('t1'));
      // Cut inside the code block: the open block and the Stop button are on screen.
      await post(h, batch({ type: 'appended', turnId: 't1', text: ANSWER.slice(0, ANSWER.indexOf('let count')) }));
      await frames(h);
      assert.equal(await h.page.isVisible('.code-block.streaming'), true);
    },
  },
  {
    name: 'finished with code blocks',
    enter: async (h) => {
      await post(h, { type: 'models', state: MODELS });
      await post(h, { type: 'conversation', conversation: { id: 'c1', title: 'Reading a file line by line', costUsd: 0.0031 } });
      await post(h, started('t1'));
      await post(h, batch({ type: 'reasoning', turnId: 't1', text: 'The user wants a streaming reader.' }));
      await post(h, batch({ type: 'appended', turnId: 't1', text: ANSWER }, { type: 'turnFinished', turnId: 't1', status: 'done', stats: STATS }));
      await post(h, { type: 'attachments', attachments: CHIPS });
      await frames(h);
      assert.equal(await h.page.locator('.code-block').count(), 2);
    },
  },
  {
    name: 'error card',
    enter: async (h) => {
      await post(h, started('t1'));
      await post(h, batch({ type: 'appended', turnId: 't1', text: 'Half an ans' }));
      await post(h, batch({ type: 'turnFinished', turnId: 't1', status: 'error', error: { message: 'The SSO session for profile "dev" has expired.', retryable: true, action: { label: 'Copy aws sso login command' } } }));
      await frames(h);
      assert.equal(await h.page.isVisible('.error-card'), true);
    },
  },
  {
    // The confirmation itself is VS Code's modal; the webview keeps the answer with the link focused.
    name: 'link confirmation',
    enter: async (h) => {
      await h.page.evaluate((text) => window.__harness.stream({ id: 't1', text, stats: { timeToFirstTokenMs: 300 } }), ANSWER);
      await h.page.focus('a[data-href^="https://nodejs.org"]');
      await h.page.keyboard.press('Enter');
      assert.deepEqual((await h.posted()).at(-1), { type: 'openLink', href: 'https://nodejs.org/api/readline.html' });
    },
  },
];
const THEMES: ReadonlyArray<{ theme: HarnessTheme; name: string }> = [
  { theme: 'dark', name: 'Dark Modern' },
  { theme: 'light', name: 'Light Modern' },
  { theme: 'hc', name: 'Dark High Contrast' },
];

describe('chat webview accessibility under axe-core (Chromium, three themes)', function () {
  this.timeout(60_000);
  const results: AxeResult[] = [];

  after(async () => {
    await closeBrowser();
    writeAxeReport('webview harness (the built bundle in Chromium, VS Code 1.139 theme variables)', results);
  });

  for (const { theme, name: themeName } of THEMES) {
    describe(themeName, () => {
      for (const { name, enter } of STATES) {
        it(`${name}: no serious or critical violations`, async () => {
          const h = await openHarness(undefined, { theme });
          try {
            await enter(h);
            const audit = await auditWithAxe(h.page);
            results.push({ theme: themeName, state: name, ...audit });
            assert.deepEqual(blocking(audit), [], JSON.stringify(blocking(audit), null, 2));
            assert.deepEqual(h.pageErrors, []);
          } finally {
            await h.close();
          }
        });
      }
    });
  }
});
