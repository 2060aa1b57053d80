/**
 * Opens the webview harness in headless Chromium and watches it: every request (only the
 * harness origin is allowed), CSP violations and page errors are recorded for assertions.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../host/browser';
import { startHarnessServer, type HarnessOptions, type HarnessServer } from './server';

export interface HarnessPage {
  page: Page;
  server: HarnessServer;
  /** Requests to anywhere but the harness origin (must stay empty). */
  foreignRequests: string[];
  pageErrors: string[];
  /** CSP violations reported in the page (via `securitypolicyviolation`). */
  cspViolations(): Promise<unknown[]>;
  /** Messages the webview posted to the host. */
  posted(): Promise<Array<{ type: string; [key: string]: unknown }>>;
  close(): Promise<void>;
}

let browser: Browser | undefined;

/** One Chromium per test process, launched on first use. */
async function getBrowser(): Promise<Browser> {
  browser ??= await launchChromium();
  return browser;
}

/** Closes the shared Chromium (call from a root `after` hook). */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** Opens a fresh harness page and waits for the webview's `ready`. */
export async function openHarness(viewport = { width: 420, height: 720 }, options: HarnessOptions = {}): Promise<HarnessPage> {
  const server = await startHarnessServer(options);
  const context = await (await getBrowser()).newContext({ viewport, colorScheme: options.theme === 'light' ? 'light' : 'dark' });
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server.origin + '/')) foreignRequests.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return {
    page,
    server,
    foreignRequests,
    pageErrors,
    cspViolations: () => page.evaluate(() => window.__cspViolations),
    posted: () => page.evaluate(() => window.__posted),
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}
