import * as vscode from 'vscode';
import { DirectoryBodies, KeyValueBodies } from './chat/conversationBodies';
import { ConversationStore } from './chat/conversationStore';
import { ModelChoiceStore } from './chat/modelChoice';
import { DEFAULT_SYSTEM_PROMPT } from './chat/prompt';
import { requestOptions } from './chat/request';
import { ChatSession } from './chat/session';
import { readHttpSettings, readSettings, SECTION } from './config/settings';
import { collectAttachments } from './context/collectAttachments';
import { PendingAttachments } from './context/pendingAttachments';
import { ProposalController } from './editor/applyProposal';
import { insertCodeBlock } from './editor/insertCodeBlock';
import { InsertionController } from './editor/insertionController';
import { createBedrockParticipant, INSERT_CODE_COMMAND } from './lm/participant';
import { LanguageModelProvider, LM_VENDOR } from './lm/languageModelProvider';
import { EndpointClient } from './transport/endpointClient';
import type { AnswerSource } from './transport/streamAnswer';
import { ApiKeyStore } from './ui/commands/apiKey';
import { registerCheckEndpoint } from './ui/commands/checkEndpoint';
import { ChatViewProvider } from './ui/chatView/provider';
import { registerCommands } from './ui/commands/registerCommands';
import { openLinkWithConfirmation } from './ui/chatView/linkOpener';
import { StreamingStatusBar } from './ui/commands/statusBar';
import { WalkthroughProgress } from './ui/walkthroughProgress';
import { useTranslator } from './util/l10n';

/** Set by the bundle's first and last lines (esbuild.js banner and footer); absent when run from source. */
declare const __askBedrockLoadStarted: number | undefined;
declare const __askBedrockLoadEnded: number | undefined;

/** What activate() returns in test mode only (other extensions get nothing): hooks for the integration tests. */
export interface AskBedrockTestApi {
  readonly session: ChatSession;
  /** The workspace's stored conversations (the panel's Show Chats list). */
  readonly conversations: ConversationStore;
  /** The chips waiting for the panel's next question. */
  readonly attachments: PendingAttachments;
  /** Apply's diffs waiting for Accept or Reject. */
  readonly proposals: ProposalController;
  /** The panel's model and reasoning budget. */
  readonly modelChoice: ModelChoiceStore;
  readonly insertions: InsertionController;
  readonly apiKeys: ApiKeyStore;
  /** The chat view's provider, to check that the view resolved and its webview loaded. */
  readonly chatView: ChatViewProvider;
  /** The transport every caller shares, for tests that run several conversations at once. */
  readonly answer: AnswerSource;
  /** Loading the bundle plus running activate(), in ms: the extension's own share of activation. */
  readonly activationMs: number;
  /** The folder that holds this window's logs, to check that secrets never reach them. */
  readonly logUri: vscode.Uri;
  /** This workspace's storage folder (conversations are kept under it), to check what is written to disk. */
  readonly storageUri: vscode.Uri | undefined;
}

/** Composition root: creates the parts and registers them. Nothing else happens here. */
export function activate(context: vscode.ExtensionContext): AskBedrockTestApi | undefined {
  const started = performance.now();
  context.subscriptions.push({ dispose: useTranslator((message, ...args) => vscode.l10n.t(message, ...args)) });
  const loadMs = typeof __askBedrockLoadStarted === 'number' && typeof __askBedrockLoadEnded === 'number' ? __askBedrockLoadEnded - __askBedrockLoadStarted : 0;
  const log = vscode.window.createOutputChannel('Ask Bedrock', { log: true });
  const settings = () => readSettings(vscode.workspace.getConfiguration(SECTION), vscode.workspace.isTrusted);
  const http = () => readHttpSettings(vscode.workspace.getConfiguration('http'));
  const apiKeys = new ApiKeyStore(context.secrets);
  const userAgent = `ask-bedrock-vscode/${context.extension.packageJSON.version} vscode/${vscode.version}`;
  const client = new EndpointClient({
    settings,
    http,
    readApiKey: () => apiKeys.read(),
    log,
    userAgent,
  });
  const answer: AnswerSource = (request, signal) => client.stream(request, signal);
  const models = (signal: AbortSignal) => client.models(signal);
  const chatOptions = () => {
    const s = settings();
    return requestOptions(s, s.systemPrompt || DEFAULT_SYSTEM_PROMPT);
  };
  // One file per conversation in the workspace's storage folder; a window without a folder has none.
  const bodies = context.storageUri?.scheme === 'file' ? new DirectoryBodies(vscode.Uri.joinPath(context.storageUri, 'conversations').fsPath) : new KeyValueBodies(context.workspaceState);
  const conversations = new ConversationStore(context.workspaceState, bodies, { saveCodeContext: () => settings().saveCodeContext, log });
  const modelChoice = new ModelChoiceStore({ storage: context.globalState, models, configuredModelId: () => settings().modelId, log });
  const session = new ChatSession({
    answer,
    conversations,
    settings: chatOptions,
    model: (signal) => modelChoice.forRequest(signal),
    log,
  });
  const attachments = new PendingAttachments(collectAttachments);
  const proposals = new ProposalController();
  const insertions = new InsertionController(answer, settings, log);
  const chatView = new ChatViewProvider(context.extensionUri, {
    session,
    attachments,
    modelChoice,
    proposals,
    log,
    actions: {
      copy: (text) => vscode.env.clipboard.writeText(text),
      insert: (text) => insertCodeBlock(text),
      openLink: (href) => openLinkWithConfirmation(href),
      showChats: () => vscode.commands.executeCommand('askBedrock.showChats'),
    },
  });
  const statusBar = new StreamingStatusBar();
  const languageModels = new LanguageModelProvider({ answer, models, settings, log });

  context.subscriptions.push(
    log,
    client,
    conversations,
    modelChoice,
    session,
    attachments,
    proposals,
    insertions,
    chatView,
    statusBar,
    session.onDidChangeStreaming((on) => statusBar.set('chat', on)),
    insertions.onDidChangeRunning((on) => statusBar.set('insert', on)),
    new WalkthroughProgress({ answers: session.onDidUpdate, insertions: insertions.onDidFinish, storage: context.globalState, setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value) }),
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, chatView),
    ...registerCommands({ session, conversations, attachments, chatView, insertions, apiKeys, log }),
    registerCheckEndpoint({ settings, http, apiKeys, userAgent }),
    createBedrockParticipant(context.extensionUri, { answer, options: chatOptions, models, log }),
    languageModels,
    vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, languageModels),
    context.secrets.onDidChange(() => languageModels.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SECTION}.history.saveCodeContext`) && void conversations.followSaveCodeContext()),
    vscode.commands.registerCommand(INSERT_CODE_COMMAND, (text: unknown) => (typeof text === 'string' ? insertCodeBlock(text) : undefined)),
  );
  // Off the activation path: the one scrub it may start reads every saved chat.
  setTimeout(() => void conversations.followSaveCodeContext(), 0);
  const activationMs = loadMs + (performance.now() - started);
  log.info(`Activated in ${activationMs.toFixed(1)} ms (loading the bundle and activate()).`);
  return context.extensionMode === vscode.ExtensionMode.Test ? { session, conversations, attachments, proposals, modelChoice, insertions, apiKeys, chatView, answer, activationMs, logUri: context.logUri, storageUri: context.storageUri } : undefined;
}

export function deactivate(): void {}
