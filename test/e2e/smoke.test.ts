import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { e2eVersion, notifications, openViewContainer, openWorkbench, packageExtension, screenshot, webviewFrame, type Workbench } from './workbench';

describe(`Smoke: the packaged extension in the workbench (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({ vsix: packageExtension() });
  });
  after(async () => {
    await workbench?.close();
  });

  it('the Ask Bedrock container in the activity bar shows the Chat view with its webview', async () => {
    const page = workbench!.page;
    await openViewContainer(page, 'Ask Bedrock');
    const sideBarTitle = await page.locator('.sidebar .composite.title').first().innerText();
    assert.match(sideBarTitle, /Ask Bedrock.*Chat/i, 'the container shows its Chat view');
    const frame = webviewFrame(page);
    await frame.locator('#app').waitFor({ state: 'attached', timeout: 60_000 });
    assert.equal(await frame.locator('title').textContent(), 'Ask Bedrock');
    await frame.locator('body', { hasText: 'Ask Bedrock' }).waitFor({ timeout: 30_000 });
    const errors = (await notifications(page)).filter((m) => /ask bedrock|activat/i.test(m));
    assert.deepEqual(errors, [], 'no notification about the extension');
    const file = await screenshot(page, 'smoke-chat-view');
    console.log(`      screenshot: ${path.relative(process.cwd(), file)}`);
  });
});
