import type { WebviewToHost } from '../../src/protocol/webview';

/** The part of the webview API the chat uses. */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The webview API; VS Code allows acquiring it once per page load. */
export function getVsCodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
