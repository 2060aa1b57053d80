import type { HostToWebview, WebviewToHost } from '../../src/ui/webviewProtocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };

const vscode = acquireVsCodeApi();
const app = document.getElementById('app');
if (app) {
  app.textContent = 'Ask Bedrock';
}
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  void event.data;
});
vscode.postMessage({ type: 'ready' });
