import { chromium, type Browser } from 'playwright-core';
import { onShutdown } from '../../tools/processes';

/** Flags for Debian's chromium running headless as root in a container (DESIGN.md). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium); our own shutdown closes it on SIGINT/SIGTERM. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false });
  const unregister = onShutdown(() => browser.close());
  browser.once('disconnected', unregister);
  return browser;
}
