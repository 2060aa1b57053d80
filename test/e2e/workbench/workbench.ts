/**
 * The real workbench in Chromium: code-server with the packaged extension installed into a
 * fresh profile, and helpers to drive it the way a user does.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../../host/browser';
import { REPO } from '../../host/buildTests';
import { ensureCodeServer, LATEST_VSCODE, startCodeServer, VSCODE_VERSIONS, type CodeServer, type VsCodeVersion } from '../../../tools/codeServer';

/** An open workbench and everything behind it. */
export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly workspaceFolder: string;
  /** Closes the browser, stops code-server and deletes the temporary workspace. */
  close(): Promise<void>;
}

/** Options for `openWorkbench`. */
export interface WorkbenchOptions {
  /** The .vsix to install (see packageExtension). */
  vsix: string;
  /** Default: ASK_BEDROCK_VSCODE, else the latest. */
  vscodeVersion?: VsCodeVersion;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Folder to open; a fresh empty one when omitted. */
  workspaceFolder?: string;
  /** More .vsix files to install beside `vsix` (e.g. a language pack). */
  moreExtensions?: string[];
  /** The display language (code-server's `--locale`); the workbench takes it only with that language's pack installed. */
  locale?: string;
}

/** The VS Code version e2e tests run on: ASK_BEDROCK_VSCODE when set (by test/run.ts), else the latest. */
export function e2eVersion(): VsCodeVersion {
  const wanted = process.env.ASK_BEDROCK_VSCODE as VsCodeVersion | undefined;
  return wanted && VSCODE_VERSIONS.includes(wanted) ? wanted : LATEST_VSCODE;
}

/** Installs the .vsix into a fresh code-server profile, opens the workbench in Chromium and waits until it is ready. */
export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const install = await ensureCodeServer(options.vscodeVersion ?? e2eVersion());
  const workspaceFolder = options.workspaceFolder ?? mkdtempSync(path.join(tmpdir(), 'ask-bedrock-e2e-ws-'));
  const server = await startCodeServer(install, {
    workspaceFolder,
    userSettings: options.userSettings,
    env: options.env,
    installExtensions: [options.vsix, ...(options.moreExtensions ?? [])],
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.close();
    if (!options.workspaceFolder) rmSync(workspaceFolder, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.workbenchUrl());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ timeout: 60_000 });
    return { page, server, browser, workspaceFolder, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Runs a command from the command palette by its title as shown there (e.g. "Ask Bedrock: New Chat"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // A webview that holds or takes keyboard focus can swallow F1 or close the palette: then give
  // the workbench focus and try again.
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await page.locator('.part.editor').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('F1');
    const typed = await input.fill(`>${title}`, { timeout: 3_000 }).then(() => true, () => false);
    if (typed) break;
    if (attempt === 3) throw new Error(`the command palette did not take "${title}"`);
  }
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

/** Opens a view container from the activity bar by its title (e.g. "Ask Bedrock"). */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const header = page.locator('.sidebar .composite.title', { hasText: title.toUpperCase() }).or(page.locator('.sidebar .composite.title', { hasText: title })).first();
  // Clicking the icon of the container that is already open would close it.
  if (await header.isVisible()) return;
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"], .activitybar .action-item .action-label[aria-label^="${title}"]`).first();
  await item.click();
  await header.waitFor();
}

/** The text of the active editor, as rendered (only the lines in view). */
export async function activeEditorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  const tops = await lines.evaluateAll((els) => els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' })));
  return tops
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** The content frame of a ready webview (`iframe.webview.ready` → `#active-frame`); `index` picks among several. */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('#active-frame');
}

/** The messages of the notification toasts currently shown. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
}

/** Saves a screenshot (of the viewport, or with `fullPage` the whole page) as test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const dir = path.join(REPO, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}
