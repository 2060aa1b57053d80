import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lastToolResults, type ConverseBody } from '../../infra/local/converseRequest';
import { LOCAL_MODEL_IDS } from '../../infra/local/stack';
import { waitFor } from '../support/waitFor';
import { lastResponseText, openLocalStackWorkbench, runCommand, screenshot, sendChatRequest, type LocalStackWorkbench } from './workbench';
import { LATEST_VSCODE } from '../../tools/codeServer';

/** The endpoint's tool-calling model in the local stack: the one agent mode offers. */
const TOOL_MODEL_NAME = 'Claude 3.5 Haiku';

/** The chat request bodies (Converse) the fake got since `from`. */
function bodiesSince(env: LocalStackWorkbench, from: number): ConverseBody[] {
  return env.stack.fake!.requests.slice(from).map((r) => r.body);
}

/** The tool results a request carries back to the model, as text, with their status. */
function toolResultsOf(body: ConverseBody): { text: string; status?: string }[] {
  return lastToolResults(body).map((r) => ({ text: (r.content ?? []).map((c) => c.text ?? JSON.stringify(c.json)).join('\n'), status: r.status }));
}

/**
 * Agent mode itself (a request to no @participant, which VS Code answers by offering the model
 * its own tools — read_file, replace_string_in_file, run_in_terminal — and running them with their
 * confirmations) is the Copilot Chat extension's agent. Without a GitHub sign-in that extension does
 * not run (code-server 4.139.1 ships it built in; it is never activated), and VS Code's stand-in
 * agent answers every such request with Copilot's sign-in dialog, whichever model is selected.
 * What this pins down: our models are what agent mode offers, selected before any request; and
 * where the limit is, so the day VS Code lets a signed-out user run agent mode this test fails and
 * says so. What does run without Copilot: `@bedrock`'s own tool loop over the tools VS Code itself
 * registers (the last two tests), each with VS Code's own confirmation in the Chat view.
 */
describe(`Agent mode in VS Code's own Chat view with the endpoint's models (VS Code ${LATEST_VSCODE})`, function () {
  this.timeout(300_000);
  let env: LocalStackWorkbench | undefined;

  before(async () => {
    env = await openLocalStackWorkbench({
      folderPrefix: 'ask-bedrock-e2e-agent-',
      vscodeVersion: LATEST_VSCODE,
      userSettings: (local) => ({
        'workbench.colorTheme': 'Default Dark Modern',
        // The test profile switches the built-in chat off; this test needs it.
        'chat.disableAIFeatures': false,
        'askBedrock.endpoint': local.endpoint,
        'askBedrock.auth': 'none',
        // @bedrock's model: the tool-calling one, so it offers VS Code's tools.
        'askBedrock.modelId': LOCAL_MODEL_IDS[1],
      }),
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && env) await screenshot(env.workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
  });
  after(async () => {
    await env?.close();
  });

  it('a fresh window\'s Chat view offers agent mode with the endpoint\'s tool-calling model selected, before any request', async () => {
    const { page } = env!.workbench;
    await runCommand(page, 'Chat: Open Chat');
    const inputPart = page.locator('.interactive-input-part').first();
    await waitFor(async () => ((await inputPart.textContent()) ?? '').includes(TOOL_MODEL_NAME), `the model picker selects ${TOOL_MODEL_NAME}`, 60_000, 200);
    assert.match((await inputPart.textContent()) ?? '', /Agent/, 'the mode picker shows agent mode');
    assert.equal(env!.stack.fake!.requests.length, 0, 'listing the models sent no chat request');
  });

  it('a question to agent mode itself gets Copilot\'s sign-in, and nothing reaches the endpoint (the limit, documented)', async () => {
    const { page } = env!.workbench;
    const file = path.join(env!.workspaceFolder, 'lines.ts');
    // Were agent mode to run, the fake model would call VS Code's read-file tool on lines.ts.
    await sendChatRequest(page, `What does lines.ts do? [[fake:tool:read_file]] [[fake:input:filePath=${file}]]`);
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Sign in to use GitHub Copilot' });
    await dialog.waitFor({ timeout: 60_000 });
    await screenshot(page, 'agent-mode-sign-in');
    // Long enough for a request to arrive if VS Code sent one while the dialog is up.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal(env!.stack.fake!.requests.length, 0, 'no request reached the endpoint');
    await page.keyboard.press('Escape');
  });

  // Without Copilot, @bedrock runs its own tool loop (src/lm/participantTools.ts) over the tools
  // VS Code 1.139 registers itself: terminal, tasks, code usages, rename, todo list (no file-read
  // tool: that one is Copilot's).
  it('@bedrock runs VS Code\'s read-only code-usages tool with no confirmation: its result reaches the endpoint and the answer shows', async () => {
    const { page } = env!.workbench;
    // The usages tool asks the language's reference provider: opening the file starts VS Code's TypeScript support, as it would for a user.
    await runCommand(page, 'Go to File');
    await page.keyboard.type('lines.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'lines.ts' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'countLines' }).waitFor();
    await runCommand(page, 'Chat: Open Chat');
    const before = env!.stack.fake!.requests.length;
    await sendChatRequest(page, '@bedrock where is countLines used? [[fake:tool:vscode_listCodeUsages]] [[fake:input:symbol=countLines]] [[fake:input:filePath=lines.ts]] [[fake:input:lineContent=export function countLines]]');
    await waitFor(async () => /based on the tool result/.test(await lastResponseText(page)), 'the final answer shows in the Chat view', 120_000, 200);
    const bodies = bodiesSince(env!, before);
    assert.equal(bodies.length, 2, 'the question, then the tool result');
    assert.ok(bodies[0].toolConfig?.tools?.some((t) => t.toolSpec?.name === 'vscode_listCodeUsages'), 'VS Code\'s tool was offered to the model');
    const [result] = toolResultsOf(bodies[1]);
    assert.notEqual(result.status, 'error', result.text);
    assert.match(result.text, /lines\.ts/, `the tool found the definition in lines.ts: ${result.text}`);
    assert.doesNotMatch(result.text, /No reference provider/, result.text);
    assert.match(await lastResponseText(page), /lines\.ts/, 'the answer built on the result shows');
    await screenshot(page, 'agent-tool-usages');
  });

  it('@bedrock runs VS Code\'s terminal tool after the user allows it in VS Code\'s own confirmation: the command\'s output reaches the endpoint', async () => {
    const { page } = env!.workbench;
    const before = env!.stack.fake!.requests.length;
    await sendChatRequest(page, '@bedrock run the marker command [[fake:tool:run_in_terminal]] [[fake:input:command=echo agent-marker-$((6*7))]]');
    // VS Code's own confirmation, above the chat input: "Run bash command?" with the command, Allow / Skip.
    await page.getByText(/^Run .+ command\?$/).filter({ visible: true }).first().waitFor({ timeout: 90_000 });
    const allow = page.locator('a.monaco-button', { hasText: /^Allow$/ }).filter({ visible: true }).first();
    await screenshot(page, 'agent-tool-terminal-confirmation');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(env!.stack.fake!.requests.length - before, 1, 'nothing goes back to the endpoint before the user allows the command');
    await allow.click();
    await waitFor(async () => /based on the tool result/.test(await lastResponseText(page)), 'the final answer shows in the Chat view', 120_000, 200);
    const bodies = bodiesSince(env!, before);
    assert.equal(bodies.length, 2);
    const [result] = toolResultsOf(bodies[1]);
    assert.notEqual(result.status, 'error', result.text);
    assert.match(result.text, /agent-marker-42/, `the shell ran the command and its output went back as the tool result: ${result.text}`);
    assert.match(await lastResponseText(page), /agent-marker-42/);
    await screenshot(page, 'agent-tool-terminal');
  });
});
