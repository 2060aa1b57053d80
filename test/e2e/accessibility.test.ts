import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { auditWithAxe, blocking, writeAxeReport, type AxeResult } from '../support/axeAudit';
import { waitFor } from '../support/waitFor';
import { harnessThemeVariables, normalizeColor } from '../support/webviewHarness/themeVariables';
import { e2eVersion, openLocalStackWorkbench, openViewContainer, screenshot, webviewFrame, type LocalStackWorkbench } from './workbench';

/** The themes audited (`workbench.colorTheme`), and the class VS Code puts on the webview's body for each. */
const THEMES = [
  { theme: 'Default Dark Modern', bodyClass: 'vscode-dark', harness: 'dark' },
  { theme: 'Default Light Modern', bodyClass: 'vscode-light', harness: 'light' },
  { theme: 'Default High Contrast', bodyClass: 'vscode-high-contrast', harness: 'hc' },
] as const;

/** The `--vscode-*` values the real webview got (to compare with the harness's sets in harness.css). */
const themeVariables = (frame: Frame) =>
  frame.evaluate(() => {
    const style = getComputedStyle(document.documentElement);
    const names = Array.from(document.documentElement.style).filter((name) => name.startsWith('--vscode-'));
    return Object.fromEntries(names.sort().map((name) => [name, style.getPropertyValue(name).trim()]));
  });

/** The panel's content frame as a Frame (axe runs in it): `iframe.webview.ready` → `#active-frame`. */
async function panelFrame(page: Page): Promise<Frame> {
  const outer = await (await page.locator('iframe.webview.ready').first().elementHandle())?.contentFrame();
  const inner = await (await outer?.locator('#active-frame').elementHandle())?.contentFrame();
  assert.ok(inner, 'the panel webview is open');
  return inner;
}

describe(`Accessibility: the chat panel under axe-core in the workbench, three themes (VS Code ${e2eVersion()})`, function () {
  this.timeout(600_000);
  const results: AxeResult[] = [];
  const variables: Record<string, Record<string, string>> = {};

  after(() => {
    writeAxeReport(`workbench (code-server, VS Code ${e2eVersion()})`, results, { themeVariables: variables });
  });

  // One workbench per theme, started in it: a theme switched at run time through settings.json or
  // the Color Theme picker did not apply reliably in code-server.
  for (const { theme, bodyClass, harness } of THEMES) {
    describe(theme, () => {
      let env: LocalStackWorkbench | undefined;
      before(async () => {
        env = await openLocalStackWorkbench({
          folderPrefix: 'ask-bedrock-e2e-a11y-',
          userSettings: (stack) => ({ 'askBedrock.endpoint': stack.endpoint, 'askBedrock.auth': 'none', 'workbench.colorTheme': theme }),
        });
      });
      afterEach(async function () {
        if (this.currentTest?.state === 'failed' && env) await screenshot(env.workbench.page, `failed-${this.currentTest.title.slice(0, 40)}`);
      });
      after(async () => {
        await env?.close();
      });

      it('empty, streaming, finished with code blocks, error card and link confirmation have no serious or critical violations', async () => {
        const page = env!.workbench.page;
        await openViewContainer(page, 'Ask Bedrock');
        const frame = webviewFrame(page);
        await frame.locator(`body.${bodyClass}`).waitFor({ state: 'attached', timeout: 30_000 });
        variables[theme] = await themeVariables(await panelFrame(page));
        const audit = async (state: string) => {
          const result = await auditWithAxe(await panelFrame(page));
          results.push({ theme, state, ...result });
          return { state, blocking: blocking(result) };
        };
        const found: Array<Awaited<ReturnType<typeof audit>>> = [];
        const input = frame.locator('textarea[aria-label="Ask a question"]');
        const ask = async (prompt: string) => {
          await input.fill(prompt);
          await input.press('Enter');
        };

        await frame.locator('button[aria-label="New chat"]').click();
        await frame.locator('.empty-state').waitFor();
        found.push(await audit('empty'));

        await ask('How do I count the lines of a file in TypeScript? [[fake:rate=15]]');
        await frame.locator('.turn.streaming .turn-answer').filter({ hasText: /\S{3}/ }).waitFor({ timeout: 30_000 });
        found.push(await audit('streaming'));
        await input.press('Escape');
        await frame.locator('.turn-note', { hasText: 'Stopped.' }).waitFor({ timeout: 10_000 });

        await ask('How do I count the lines of a file in TypeScript?');
        // The second turn (the first was stopped) finishes with its stats line.
        const finished = frame.locator('.turn').nth(1);
        await waitFor(async () => (await finished.locator('.turn-stats').count()) === 1 && !(await finished.evaluate((el) => el.classList.contains('streaming'))), 'the answer finishes', 60_000, 100);
        assert.ok((await finished.locator('.turn-answer .code-block').count()) > 0, 'the answer has a code block');
        found.push(await audit('finished with code blocks'));

        await ask('Will this fail? [[fake:access-denied]]');
        await frame.locator('.error-card').last().waitFor({ timeout: 60_000 });
        found.push(await audit('error card'));

        await ask('Read [the guide](http://127.0.0.1:9/guide). [[fake:echo]]');
        const link = frame.locator('.turn-answer a', { hasText: 'the guide' });
        await link.waitFor({ timeout: 60_000 });
        await link.click();
        const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Open 127.0.0.1:9?' });
        await dialog.waitFor({ timeout: 15_000 });
        found.push(await audit('link confirmation'));
        await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog.waitFor({ state: 'detached', timeout: 10_000 });

        await screenshot(page, `a11y-${bodyClass}`);
        assert.deepEqual(found.filter((f) => f.blocking.length > 0), [], 'no serious or critical violations');
      });

      it('the webview harness sets the same theme colours as this workbench (test/support/webviewHarness/harness.css)', () => {
        const real = variables[theme];
        assert.ok(real, 'the audit above read the real variables');
        const differing = Object.entries(harnessThemeVariables(harness))
          .filter(([name, value]) => normalizeColor(real[name] ?? 'unset') !== normalizeColor(value))
          .map(([name, value]) => `${name}: harness ${value}, workbench ${real[name] ?? 'unset'}`);
        assert.deepEqual(differing, []);
      });
    });
  }
});
