import * as vscode from 'vscode';
import type { ModelChoiceStore } from '../../chat/modelChoice';
import type { ChatSession } from '../../chat/session';
import type { PendingAttachments } from '../../context/pendingAttachments';
import type { ProposalController } from '../../editor/applyProposal';
import type { HostToWebview, WebviewToHost } from '../../protocol/webview';
import { translateWebviewStrings } from '../../protocol/webviewStrings';
import { isAttachmentSource } from '../attachmentSource';
import { inertText } from '../../util/inertText';
import { renderChatHtml } from './html';
import { runErrorFix } from './runErrorFix';
import { sendQuestion } from './sendQuestion';
import { UpdateBatcher } from './updateBatcher';

export interface ChatViewActions {
  copy(text: string): Thenable<void>;
  insert(text: string): Thenable<void>;
  openLink(href: string): Thenable<unknown>;
  /** The list of past chats (askBedrock.showChats). */
  showChats(): Thenable<void>;
}

export interface ChatViewDeps {
  session: ChatSession;
  /** The chips waiting for the next question. */
  attachments: PendingAttachments;
  modelChoice: ModelChoiceStore;
  proposals: ProposalController;
  actions: ChatViewActions;
  log: { error(message: string): void };
}

/** Settings that change the model picker's list (the endpoint and how it is reached, the configured model). */
const MODEL_SETTINGS = ['askBedrock.endpoint', 'askBedrock.auth', 'askBedrock.aws', 'askBedrock.modelId'];

/**
 * The chat panel: serves the webview, replays the conversation, the model picker and the chips
 * when the view (re)loads, forwards transcript updates batched per frame, and turns webview
 * messages into calls on the session, the chips, the model choice and the proposals.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'askBedrock.chat';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly batcher = new UpdateBatcher((updates) => this.post({ type: 'batch', updates }));
  private readonly disposables: vscode.Disposable[] = [];
  private pendingFocus: HostToWebview | undefined;
  private modelsRequest: AbortController | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: ChatViewDeps,
  ) {
    const { session, attachments, modelChoice } = deps;
    this.disposables.push(
      session.onDidUpdate((update) => {
        if (this.ready) this.batcher.push(update);
      }),
      session.onDidReset(() => this.sendReset()),
      session.onDidChangeHeader((conversation) => {
        if (this.ready) this.post({ type: 'conversation', conversation });
      }),
      attachments.onDidChange(() => this.sendAttachments()),
      modelChoice.onDidChange(() => void this.sendModels()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (MODEL_SETTINGS.some((s) => e.affectsConfiguration(s))) void this.sendModels();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const bundleRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableForms: false, localResourceRoots: [bundleRoot] };
    const locale = { language: vscode.env.language, strings: translateWebviewStrings((english) => vscode.l10n.t(english)) };
    view.webview.html = renderChatHtml(view.webview, bundleRoot, vscode.Uri.joinPath, locale);
    const subscriptions = [
      view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.batcher.clear();
          this.modelsRequest?.abort();
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
    this.modelsRequest?.abort();
    this.batcher.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private sendReset(): void {
    if (!this.ready) return;
    this.batcher.clear();
    this.post({ type: 'reset', turns: [...this.deps.session.turns], conversation: this.deps.session.header });
  }

  private sendAttachments(): void {
    if (this.ready) this.post({ type: 'attachments', attachments: this.deps.attachments.list() });
  }

  /** Posts the picker's state; a newer call supersedes one still waiting for `/models`. */
  private async sendModels(): Promise<void> {
    if (!this.ready) return;
    this.modelsRequest?.abort();
    const request = new AbortController();
    this.modelsRequest = request;
    try {
      const state = await this.deps.modelChoice.state(request.signal);
      if (!request.signal.aborted && this.ready) this.post({ type: 'models', state });
    } catch {
      // Aborted by a newer request or the view closing; state() reports other failures as its note.
    }
  }

  /** Runs what a webview message asked for; a failure is logged and shown, never left unhandled. */
  private attempt(what: string, work: Thenable<unknown>): void {
    work.then(undefined, (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`Could not ${what}: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Ask Bedrock: could not {0}: {1}', what, inertText(message)));
    });
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const message = raw as WebviewToHost;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    const { session, attachments, modelChoice, actions } = this.deps;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendReset();
        this.sendAttachments();
        void this.sendModels();
        if (this.pendingFocus) {
          this.post(this.pendingFocus);
          this.pendingFocus = undefined;
        }
        break;
      case 'send': {
        if (typeof message.prompt !== 'string' || !message.prompt.trim()) break;
        const ids = Array.isArray(message.attachmentIds) ? message.attachmentIds.filter((id): id is string => typeof id === 'string') : [];
        this.attempt(vscode.l10n.t('ask'), sendQuestion(session, attachments, message.prompt.trim(), ids));
        break;
      }
      case 'stop':
        session.stop();
        break;
      case 'newChat':
        this.attempt(vscode.l10n.t('start a new chat'), session.newChat());
        break;
      case 'showChats':
        this.attempt(vscode.l10n.t('show the chats'), actions.showChats());
        break;
      case 'retry':
        if (typeof message.turnId === 'string') this.attempt(vscode.l10n.t('retry'), session.retry(message.turnId));
        break;
      case 'continue':
        if (typeof message.turnId === 'string') this.attempt(vscode.l10n.t('continue the answer'), session.continue(message.turnId));
        break;
      case 'errorAction': {
        const fix = typeof message.turnId === 'string' ? session.errorFixFor(message.turnId) : undefined;
        if (fix) this.attempt(vscode.l10n.t('run the fix'), runErrorFix(fix));
        break;
      }
      case 'copy':
        if (typeof message.text === 'string') this.attempt(vscode.l10n.t('copy'), actions.copy(message.text));
        break;
      case 'insert':
        if (typeof message.text === 'string') this.attempt(vscode.l10n.t('insert the code'), actions.insert(message.text));
        break;
      case 'apply':
        if (typeof message.turnId === 'string' && typeof message.text === 'string') this.attempt(vscode.l10n.t('propose the change'), this.deps.proposals.propose(message.text, session.applyTargetFor(message.turnId)));
        break;
      case 'openLink':
        if (typeof message.href === 'string') this.attempt(vscode.l10n.t('open the link'), actions.openLink(message.href));
        break;
      case 'attach':
        if (message.source === undefined || isAttachmentSource(message.source)) this.attempt(vscode.l10n.t('attach'), attachments.add(message.source));
        break;
      case 'removeAttachment':
        if (typeof message.id === 'string') attachments.remove(message.id);
        break;
      case 'selectModel':
        if (typeof message.modelId === 'string') this.attempt(vscode.l10n.t('choose the model'), modelChoice.select(message.modelId));
        break;
      case 'setReasoningBudget':
        if (typeof message.budgetTokens === 'number' && Number.isFinite(message.budgetTokens)) this.attempt(vscode.l10n.t('set the reasoning budget'), modelChoice.setReasoningBudget(message.budgetTokens));
        break;
    }
  }
}
