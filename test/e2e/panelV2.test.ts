import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL_ID } from '../../src/protocol/wire';
import { REPO } from '../host/buildTests';
import { waitFor } from '../support/waitFor';
import { e2eVersion, openLocalStackWorkbench, openViewContainer, runCommand, screenshot, webviewFrame, type LocalStackWorkbench } from './workbench';

const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
/** Public on-demand prices of Claude Sonnet 4 in us-east-1 (USD per million tokens), so the panel can show a cost. */
const PRICES = { [DEFAULT_MODEL_ID]: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 } };

describe(`Chat panel v2 in the workbench: model picker, a chip, thinking, cost (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({
      folderPrefix: 'ask-bedrock-e2e-panel-v2-',
      lambdaEnv: { MODEL_PRICES: JSON.stringify(PRICES) },
      userSettings: (stack) => ({ 'workbench.colorTheme': 'Default Dark Modern', 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none' }),
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && env) await screenshot(env.workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  /** The body the endpoint's Lambda sent to the fake Bedrock for the newest request. */
  const lastBedrockBody = (): Record<string, unknown> => {
    const requests = env!.stack.fake!.requests;
    assert.ok(requests.length > 0, 'a request reached the fake Bedrock');
    return requests[requests.length - 1]!.body as Record<string, unknown>;
  };

  it('lists the endpoint\'s models from /models with the default marked, and the model picked is the one asked', async () => {
    const page = env!.workbench.page;
    await openViewContainer(page, 'Ask Bedrock');
    const frame = webviewFrame(page);
    const select = frame.locator('select.model-select');
    await waitFor(async () => (await select.locator('option').count()) >= 2, 'the model picker lists the /models entries', 60_000, 200);
    const options = await select.locator('option').allTextContents();
    assert.ok(options.some((o) => /\(default\)/.test(o)), `the default is marked: ${options.join(' | ')}`);
    assert.ok(options.some((o) => /Haiku/.test(o)), `Haiku is offered: ${options.join(' | ')}`);

    await select.selectOption({ value: HAIKU });
    const input = frame.locator('textarea.composer-input');
    await input.fill('Which model answers? [[fake:echo]]');
    await input.press('Enter');
    await frame.locator('.turn-stats').first().waitFor({ timeout: 60_000 });
    const requests = env!.stack.fake!.requests;
    assert.equal(requests[requests.length - 1]!.modelId, HAIKU, 'the request went to the model picked in the panel');
  });

  it('the active file attached as a chip is sent with the question and listed in the turn; reasoning streams, collapses, and the answer shows its cost', async () => {
    const page = env!.workbench.page;
    const frame = webviewFrame(page);
    await frame.locator('select.model-select').selectOption({ value: DEFAULT_MODEL_ID });
    await frame.locator('select.budget-select').selectOption({ value: '1024' });

    await runCommand(page, 'Go to File');
    await page.keyboard.type('lines.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'lines.ts' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();

    await frame.locator('button.attach').click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Active File' }).first().click();
    const chip = frame.locator('.chip', { hasText: 'lines.ts' });
    await chip.waitFor({ timeout: 20_000 });

    const input = frame.locator('textarea.composer-input');
    // Reasoning paced over 2.5 s so it is seen streaming; queued on the fake, so the question (and the README picture) reads as a user's.
    env!.stack.fake!.enqueue({ reasonForMs: 2500 });
    await input.fill('What does this function do?');
    await input.press('Enter');

    const turn = frame.locator('.turn').last();
    const thinking = turn.locator('details.turn-thinking');
    await thinking.waitFor({ timeout: 30_000 });
    await waitFor(async () => ((await thinking.locator('.thinking-text').textContent()) ?? '').length > 0, 'reasoning streams into the open Thinking section', 30_000, 50);
    assert.equal(await thinking.evaluate((d) => (d as HTMLDetailsElement).open), true, 'open while the model thinks');
    await turn.locator('.turn-stats').waitFor({ timeout: 60_000 });
    assert.equal(await thinking.evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed once the answer started');
    assert.equal(await chip.count(), 0, 'the chip was sent with the question');

    const userTurn = (await turn.locator('.turn-user').textContent()) ?? '';
    assert.match(userTurn, /lines\.ts/, 'the turn lists what was sent');
    const body = lastBedrockBody();
    assert.match(JSON.stringify(body.messages), /export function countLines/, 'the file went to Bedrock with the question');
    assert.ok(JSON.stringify(body.additionalModelRequestFields ?? {}).includes('budget_tokens'), 'extended thinking was asked for with the budget');

    const stats = (await turn.locator('.turn-stats').textContent()) ?? '';
    assert.match(stats, /\$\d|< \$0\.0001/, `the answer shows its cost: ${stats}`);
    assert.match((await frame.locator('.chat-cost').textContent()) ?? '', /\$/, 'the header shows the chat\'s cost');

    // Reopened, for the README picture.
    await thinking.locator('summary').click();
    const file = await screenshot(page, 'chat-panel-v2');
    if (process.env.ASK_BEDROCK_UPDATE_DOCS) {
      mkdirSync(path.join(REPO, 'docs'), { recursive: true });
      copyFileSync(file, path.join(REPO, 'docs', 'chat-panel.png'));
    }
  });
});
