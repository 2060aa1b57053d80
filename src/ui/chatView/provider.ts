import * as vscode from 'vscode';
import type { ChatSession } from '../../chat/session';
import { renderChatHtml } from './html';
import { UpdateBatcher } from './updateBatcher';
import type { HostToWebview, WebviewToHost } from '../../protocol/webview';

export interface ChatViewActions {
  copy(text: string): Thenable<void>;
  insert(text: string): Thenable<void>;
  openLink(href: string): Thenable<unknown>;
}

/**
 * The chat panel: serves the webview, replays the session when the view (re)loads, forwards
 * transcript updates batched per frame, and turns webview messages into session calls.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'askBedrock.chat';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly batcher = new UpdateBatcher((updates) => this.post({ type: 'batch', updates }));
  private readonly disposables: vscode.Disposable[] = [];
  private pendingFocus: HostToWebview | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly actions: ChatViewActions,
  ) {
    this.disposables.push(
      session.onDidUpdate((update) => {
        if (this.ready) this.batcher.push(update);
      }),
      session.onDidReset(() => this.sendReset()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const bundleRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableForms: false, localResourceRoots: [bundleRoot] };
    view.webview.html = renderChatHtml(view.webview, bundleRoot, vscode.Uri.joinPath);
    const subscriptions = [
      view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.batcher.clear();
        }
        for (const s of subscriptions) s.dispose();
      }),
    ];
  }

  /** True while the view is resolved and its webview has loaded and said `ready`. */
  get webviewReady(): boolean {
    return this.ready;
  }

  /** Opens the panel and puts the cursor in its input, optionally with text. */
  async focusInput(text?: string): Promise<void> {
    const message: HostToWebview = text === undefined ? { type: 'focusInput' } : { type: 'focusInput', text };
    if (this.ready) this.post(message);
    else this.pendingFocus = message;
    await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
  }

  /** Opens the panel without taking focus from the editor. */
  async reveal(): Promise<void> {
    if (this.view?.visible) return;
    await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`, { preserveFocus: true });
  }

  dispose(): void {
    this.batcher.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private sendReset(): void {
    if (!this.ready) return;
    this.batcher.clear();
    this.post({ type: 'reset', turns: [...this.session.turns] });
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const message = raw as WebviewToHost;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendReset();
        if (this.pendingFocus) {
          this.post(this.pendingFocus);
          this.pendingFocus = undefined;
        }
        break;
      case 'send':
        if (typeof message.prompt === 'string' && message.prompt.trim()) void this.session.ask(message.prompt.trim());
        break;
      case 'stop':
        this.session.stop();
        break;
      case 'newChat':
        void this.session.newChat();
        break;
      case 'retry':
        if (typeof message.turnId === 'string') void this.session.retry(message.turnId);
        break;
      case 'copy':
        if (typeof message.text === 'string') void this.actions.copy(message.text);
        break;
      case 'insert':
        if (typeof message.text === 'string') void this.actions.insert(message.text);
        break;
      case 'openLink':
        if (typeof message.href === 'string') void this.actions.openLink(message.href);
        break;
    }
  }
}
