import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** A fresh CSP nonce for each load of the view. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The chat view's Content-Security-Policy: no network, scripts only with the nonce, images only from the bundle or inline data. */
export function chatCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The chat view's HTML: the strict CSP of chatCsp(), bundle assets through `asWebviewUri`. */
export function renderChatHtml(webview: vscode.Webview, bundleRoot: vscode.Uri, uriJoin: (base: vscode.Uri, ...segments: string[]) => vscode.Uri): string {
  const nonce = createNonce();
  const script = webview.asWebviewUri(uriJoin(bundleRoot, 'chat.js'));
  const style = webview.asWebviewUri(uriJoin(bundleRoot, 'chat-style.css'));
  const csp = chatCsp(nonce, webview.cspSource);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${style}" rel="stylesheet">
<title>Ask Bedrock</title>
</head>
<body>
<div id="app" data-nonce-checked="true"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
