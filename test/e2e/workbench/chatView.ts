import type { Page } from 'playwright-core';

/** Types a request into VS Code's Chat view input (a Monaco editor) and sends it with Enter, as a user does. */
export async function sendChatRequest(page: Page, text: string): Promise<void> {
  const input = page.locator('.interactive-input-part .monaco-editor').first();
  await input.waitFor({ timeout: 60_000 });
  await input.click();
  await page.keyboard.type(text, { delay: 5 });
  // The suggest widget for @participants and /commands may be open: close it so Enter sends.
  await page.keyboard.press('Escape');
  await input.click();
  await page.keyboard.press('Enter');
}

/** The rendered text of the last response in the Chat view ('' before the first). */
export async function lastResponseText(page: Page): Promise<string> {
  const responses = page.locator('.interactive-session .interactive-response');
  if ((await responses.count()) === 0) return '';
  return (await responses.last().textContent()) ?? '';
}
