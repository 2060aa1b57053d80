import * as vscode from 'vscode';
import { renderChatHtml } from './ui/chatViewHtml';

/** Composition root: creates the parts and registers them. Nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const bundleRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('askBedrock.chat', {
      resolveWebviewView(view) {
        view.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
        view.webview.html = renderChatHtml(view.webview, bundleRoot, vscode.Uri.joinPath);
      },
    }),
  );
}

export function deactivate(): void {}
