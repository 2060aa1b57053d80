import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { LOCAL_MODEL_IDS } from '../../infra/local/stack';
import { REPO } from '../host/buildTests';
import { waitFor } from '../support/waitFor';
import { activeEditorText, lastResponseText, openLocalStackWorkbench, runCommand, screenshot, sendChatRequest, type LocalStackWorkbench, type Workbench } from './workbench';
import { LATEST_VSCODE } from '../../tools/codeServer';

/** The model set in the panel's settings: neither the endpoint's default nor the one the Chat view's picker selects (Haiku, the only tool-calling one). */
const PANEL_MODEL = LOCAL_MODEL_IDS[2];

// The Chat view exists on the latest host only (code-server 4.104.0 has no chat UI): see DESIGN.md.
describe(`@bedrock in VS Code's own Chat view, against the local stack (VS Code ${LATEST_VSCODE})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;
  let workbench: Workbench | undefined;
  let stack: LocalStackWorkbench['stack'] | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({
      folderPrefix: 'ask-bedrock-e2e-participant-',
      vscodeVersion: LATEST_VSCODE,
      userSettings: (local) => ({
        'workbench.colorTheme': 'Default Dark Modern',
        // The test profile switches the built-in chat off; this test needs it.
        'chat.disableAIFeatures': false,
        'askBedrock.endpoint': local.endpoint,
        'askBedrock.auth': 'none',
        'askBedrock.modelId': PANEL_MODEL,
      }),
    });
    ({ workbench, stack } = env);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('"@bedrock /explain" typed in the Chat view as the window\'s first chat request streams the answer from the team endpoint, with the selection and the panel\'s model', async () => {
    const page = workbench!.page;
    await runCommand(page, 'Go to File');
    await page.keyboard.type('lines.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'lines.ts' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');

    // Without Copilot only agent mode is offered, and it needs a model with tool calling: ours.
    // A request while the picker has no model fails with "Language model unavailable" before
    // reaching any participant. The extension activates on startup and has VS Code list its models
    // then (LanguageModelProvider), so in a fresh window, without opening our panel, the picker
    // has one before the first request.
    await runCommand(page, 'Chat: Open Chat');
    const inputPart = page.locator('.interactive-input-part').first();
    await waitFor(async () => /Claude|Haiku|demo/i.test((await inputPart.textContent()) ?? ''), 'the model picker selects one of the endpoint\'s models', 60_000, 200);
    await inputPart.locator('.action-label, .action-item', { hasText: /Claude|Haiku|demo/i }).last().click();
    const listed = page.locator('.action-widget .monaco-list-row', { hasText: /Claude|Haiku|demo/i });
    await listed.first().waitFor({ timeout: 20_000 });
    const picker = await screenshot(page, 'chat-model-picker');
    if (process.env.ASK_BEDROCK_UPDATE_DOCS) copyFileSync(picker, path.join(REPO, 'docs', 'chat-model-picker.png'));
    await page.keyboard.press('Escape');
    const before = stack!.fake!.requests.length;
    assert.equal(await page.locator('.interactive-session .interactive-response').count(), 0, 'no chat request before this one');
    // The fake echoes this request (queued, so the question in the README picture reads as a user's).
    stack!.fake!.enqueue({ echo: true });
    await sendChatRequest(page, '@bedrock /explain what does countLines return?');

    // The fake echoes the user turn: the participant's instruction, the question and the selected code.
    await waitFor(async () => /what does countLines return\?/.test(await lastResponseText(page)) && /text\.split/.test(await lastResponseText(page)), 'the answer streams into the Chat view', 90_000, 200);
    const shown = await lastResponseText(page);
    assert.match(shown, /Explain what the code in the context does/, 'the /explain instruction went along');

    const requests = stack!.fake!.requests.slice(before);
    assert.equal(requests.length, 1, 'exactly one request reached the local stack');
    assert.equal(requests[0].modelId, PANEL_MODEL, 'the model picked in the panel settings is used, not request.model');
    assert.match(JSON.stringify(requests[0].body), /countLines/, 'the selected code is in the request');

    // The answer has a code block (the echoed context): the Insert button is offered.
    const insert = page.locator('.interactive-session .interactive-response').last().locator('.chat-command-button a, a.monaco-button, .monaco-button', { hasText: 'Insert Code at Cursor' }).first();
    await insert.waitFor({ timeout: 20_000 });

    // Follow-ups after /explain.
    await page.getByText('Write tests for this code', { exact: true }).first().waitFor({ timeout: 20_000 });

    await screenshot(page, 'chat-view');
    if (process.env.ASK_BEDROCK_UPDATE_DOCS) {
      // The README's picture: the Chat view alone (the secondary side bar), with @bedrock's answer.
      mkdirSync(path.join(REPO, 'docs'), { recursive: true });
      await page.locator('.part.auxiliarybar').screenshot({ path: path.join(REPO, 'docs', 'chat-view.png') });
    }

    // Insert puts the last code block at the cursor of the editor.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await insert.click();
    await waitFor(async () => (await activeEditorText(page)).split('countLines').length > 2, 'the code block reaches the editor', 20_000, 100);
  });

  it('a second turn sends the earlier @bedrock turn as history', async () => {
    const page = workbench!.page;
    const before = stack!.fake!.requests.length;
    await sendChatRequest(page, '@bedrock and in one word? [[fake:echo]]');
    await waitFor(async () => /and in one word\?/.test(await lastResponseText(page)), 'the second answer streams', 90_000, 200);
    const body = stack!.fake!.requests[before].body as unknown as { messages: { role: string; content: unknown }[] };
    assert.deepEqual(body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.match(JSON.stringify(body.messages[0]), /what does countLines return/);
  });

  it('an endpoint error shows as the response\'s error, not as an empty answer', async () => {
    const page = workbench!.page;
    await sendChatRequest(page, '@bedrock will this fail? [[fake:access-denied]]');
    const error = page.locator('.interactive-session .interactive-response').last().filter({ hasText: /denied|access|403/i });
    await error.first().waitFor({ timeout: 60_000 });
    assert.doesNotMatch((await error.first().textContent()) ?? '', /\[\[fake/, 'the error is the endpoint\'s message, not an echo');
  });
});
