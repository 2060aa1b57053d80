/**
 * The bench's floor: a "renderer" that takes the host's messages and shows nothing (one frame
 * once the answer is finished, so the probe sees it done). Its main-thread time is what the
 * page spends on the simulated host and message passing alone, which every renderer pays too.
 */
import type { HostToWebview } from '../../../src/protocol/webview';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message.type === 'batch' && message.updates.some((u) => u.type === 'turnFinished')) requestAnimationFrame(() => undefined);
});
acquireVsCodeApi().postMessage({ type: 'ready' });
