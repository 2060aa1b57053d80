import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { WebviewStrings } from '../../protocol/webviewStrings';

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

/** `value` safe inside a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The webview's texts in the display language, and that language (BCP 47, `vscode.env.language`). */
export interface ChatHtmlLocale {
  language: string;
  strings: WebviewStrings;
}

/**
 * The chat view's HTML: the strict CSP of chatCsp(), bundle assets through `asWebviewUri`, and
 * the translated texts on `#app` (media/chat/strings.ts reads them before the first paint).
 */
export function renderChatHtml(webview: vscode.Webview, bundleRoot: vscode.Uri, uriJoin: (base: vscode.Uri, ...segments: string[]) => vscode.Uri, locale: ChatHtmlLocale): string {
  const nonce = createNonce();
  const script = webview.asWebviewUri(uriJoin(bundleRoot, 'chat.js'));
  const style = webview.asWebviewUri(uriJoin(bundleRoot, 'chat-style.css'));
  const csp = chatCsp(nonce, webview.cspSource);
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(locale.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${style}" rel="stylesheet">
<title>Ask Bedrock</title>
</head>
<body>
<div id="app" data-nonce-checked="true" data-strings="${escapeAttribute(JSON.stringify(locale.strings))}"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
