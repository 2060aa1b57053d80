import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { launchChromium } from '../host/browser';
import { REPO } from '../host/buildTests';
import { ensureCodeServer, startCodeServerForUser, type CodeServer } from '../../tools/codeServer';
import { e2eVersion } from './workbench';

/** The status code:server answers a WebSocket upgrade of its workbench connection with (101 = opened). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The `name=value` part of a Set-Cookie header. */
function cookieOf(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return first?.split(';')[0] ?? '';
}

describe(`code-server as npm start hands it out: password login (VS Code ${e2eVersion()})`, function () {
  this.timeout(300_000);
  let server: CodeServer;
  let password: string;
  let workspaceFolder: string;
  let browser: Browser | undefined;

  before(async () => {
    workspaceFolder = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-e2e-ws-'));
    const install = await ensureCodeServer(e2eVersion());
    ({ server, password } = await startCodeServerForUser(install, { workspaceFolder, extensionDevelopmentPath: REPO }));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(workspaceFolder, { recursive: true, force: true });
  });

  it('the password is fresh and long (crypto random, base64url)', async () => {
    assert.match(password, /^[A-Za-z0-9_-]{32}$/);
    const install = await ensureCodeServer(e2eVersion());
    const other = await startCodeServerForUser(install, { workspaceFolder });
    await other.server.close();
    assert.notEqual(other.password, password, 'each start draws a new password');
  });

  it('without the login cookie: the workbench URL redirects to the login page, and its WebSocket is refused (401)', async () => {
    const res = await request(server.workbenchUrl());
    await res.body.text();
    assert.equal(res.statusCode, 302);
    const location = new URL(String(res.headers.location), server.url);
    assert.equal(location.pathname, '/login');
    assert.equal(location.searchParams.get('folder'), workspaceFolder, 'the login page will send the user on to the same folder…');
    assert.match(location.searchParams.get('payload') ?? '', /extensionDevelopmentPath/, '…with the extension in development mode');
    assert.equal(await upgradeStatus(`${server.url}/?reconnectionToken=x&skipWebSocketFrames=false`, {}), 401);
  });

  it('a wrong password gets no cookie; the printed one does, and the cookie opens the workbench', async () => {
    const login = (pw: string) => request(`${server.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password: pw }).toString() });
    const wrong = await login(`${password}x`);
    assert.match(await wrong.body.text(), /Incorrect password/i);
    assert.equal(wrong.headers['set-cookie'], undefined);

    const right = await login(password);
    await right.body.text();
    assert.equal(right.statusCode, 302);
    const cookie = cookieOf(right.headers['set-cookie']);
    assert.match(cookie, /^code-server-session=./);
    const workbench = await request(server.workbenchUrl(), { headers: { cookie } });
    assert.equal(workbench.statusCode, 200);
    assert.match(await workbench.body.text(), /workbench/i);
  });

  it('even with the login cookie (a same-site page on another 127.0.0.1 port sends it), a foreign Origin cannot open the WebSocket (403)', async () => {
    const right = await request(`${server.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `password=${encodeURIComponent(password)}` });
    await right.body.text();
    const cookie = cookieOf(right.headers['set-cookie']);
    const ws = `${server.url}/?reconnectionToken=x&skipWebSocketFrames=false`;
    for (const origin of [`http://127.0.0.1:${server.port + 1}`, 'http://evil.example']) {
      assert.equal(await upgradeStatus(ws, { cookie, origin }), 403, origin);
    }
    const own = await upgradeStatus(ws, { cookie, origin: server.url });
    assert.ok(own !== 401 && own !== 403, `the workbench's own origin with the cookie gets past both checks (${own})`);
  });

  it('in Chromium: the printed URL shows the login page, and the password opens the workbench', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.workbenchUrl());
    const field = page.locator('input[type="password"]');
    await field.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.monaco-workbench').count(), 0, 'no workbench before the login');
    await field.fill(password);
    await field.press('Enter');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const url = new URL(page.url());
    assert.equal(url.pathname, '/');
    assert.equal(url.searchParams.get('folder'), workspaceFolder);
  });
});
