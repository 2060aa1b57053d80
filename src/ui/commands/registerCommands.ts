import * as vscode from 'vscode';
import type { Conversations } from '../../chat/conversation';
import type { ChatSession } from '../../chat/session';
import { selectionAttachment } from '../../context/collectAttachments';
import type { PendingAttachments } from '../../context/pendingAttachments';
import type { InsertionController } from '../../editor/insertionController';
import type { InsertionResult } from '../../editor/insertionSink';
import type { Turn } from '../../protocol/webview';
import { inertText } from '../../util/inertText';
import { isAttachmentSource } from '../attachmentSource';
import type { ChatViewProvider } from '../chatView/provider';
import type { ApiKeyStore } from './apiKey';
import { deleteChat, exportChat, renameChat, showChats } from './chats';
import { configureEndpoint } from './configureEndpoint';
import { CONFIGURE_ENDPOINT_COMMAND } from '../commandIds';

export interface CommandDeps {
  session: ChatSession;
  conversations: Conversations;
  /** The chips waiting for the panel's next question. */
  attachments: PendingAttachments;
  chatView: ChatViewProvider;
  insertions: InsertionController;
  apiKeys: ApiKeyStore;
  log: vscode.LogOutputChannel;
}

/** Registers every Ask Bedrock command. A `prompt` argument (keybindings, tests) asks at once, without the panel's input or an input box. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { session, conversations, attachments, chatView, insertions, apiKeys, log } = deps;

  /**
   * Without a `prompt` argument, the selection (if any) becomes a chip and the panel's input takes
   * the question; with one, it is asked at once with the selection attached.
   */
  const ask = async (prompt?: unknown, requireSelection = false): Promise<Turn | undefined> => {
    const selection = selectionAttachment(vscode.window.activeTextEditor);
    if (requireSelection && !selection) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some code first, then run Ask About Selection.'));
      return undefined;
    }
    const question = typeof prompt === 'string' ? prompt.trim() : '';
    if (!question) {
      if (selection) attachments.addAttachment(selection);
      await chatView.focusInput();
      return undefined;
    }
    await chatView.reveal();
    return session.ask(question, selection ? [selection] : []);
  };

  /** Only the code went into the editor: the whole answer, prose included, becomes a turn in the panel. */
  const keepAnswerInPanel = async (question: string, result: InsertionResult): Promise<void> => {
    try {
      await session.recordExchange(question, result.answer, result.stats);
    } catch (err) {
      log.error(`insert: could not add the answer to the chat panel: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const show = vscode.l10n.t('Show in Chat');
    void vscode.window.showInformationMessage(vscode.l10n.t('Ask Bedrock: inserted the code. The rest of the answer is in the chat panel.'), show).then((choice) => {
      if (choice === show) void chatView.reveal();
    });
  };

  const insert = async (prompt?: unknown): Promise<InsertionResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and place the cursor where the code should go.'));
      return undefined;
    }
    const question = await questionFrom(prompt, {
      title: vscode.l10n.t('Ask Bedrock: Insert Answer at Cursor'),
      prompt: editor.selection.isEmpty ? vscode.l10n.t('Describe the code to insert at the cursor.') : vscode.l10n.t('Describe how to rewrite the selected code.'),
      placeHolder: vscode.l10n.t('A function that retries with exponential backoff'),
    });
    if (!question) return undefined;
    const result = await insertions.insert(editor, question);
    if (result.status === 'done' && result.leftOut) await keepAnswerInPanel(question, result);
    if (result.status === 'error') {
      const retry = vscode.l10n.t('Retry');
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showErrorMessage(`Ask Bedrock: ${inertText(result.error ?? vscode.l10n.t('the answer failed.'))}`, retry, showLog).then((choice) => {
        if (choice === retry) void insert(question);
        if (choice === showLog) log.show();
      });
    }
    return result;
  };

  return [
    vscode.commands.registerCommand('askBedrock.ask', (prompt?: unknown) => ask(prompt)),
    vscode.commands.registerCommand('askBedrock.askAboutSelection', (prompt?: unknown) => ask(prompt, true)),
    vscode.commands.registerCommand('askBedrock.insertAtCursor', (prompt?: unknown) => insert(prompt)),
    vscode.commands.registerCommand('askBedrock.newChat', () => session.newChat()),
    vscode.commands.registerCommand('askBedrock.showChats', () => showChats({ conversations, session })),
    // Rename and Delete also from the palette (the current chat): the list's item buttons are for the mouse.
    vscode.commands.registerCommand('askBedrock.renameChat', (id?: unknown) => renameChat({ conversations, session }, typeof id === 'string' ? id : session.conversationId)),
    vscode.commands.registerCommand('askBedrock.deleteChat', (id?: unknown) => deleteChat({ conversations, session }, typeof id === 'string' ? id : session.conversationId)),
    // The only argument is which conversation: where it goes is always the user's choice in the save dialog (a `command:` link must not pick a file to overwrite).
    vscode.commands.registerCommand('askBedrock.exportChat', (id?: unknown) => exportChat(conversations, typeof id === 'string' ? id : session.conversationId)),
    vscode.commands.registerCommand('askBedrock.attach', async (source?: unknown) => {
      const added = await attachments.add(isAttachmentSource(source) ? source : undefined);
      if (added.length > 0) await chatView.focusInput();
      return added;
    }),
    vscode.commands.registerCommand('askBedrock.stop', () => {
      session.stop();
      insertions.stopAll();
    }),
    vscode.commands.registerCommand('askBedrock.setApiKey', async () => {
      if (await apiKeys.prompt()) void vscode.window.showInformationMessage(vscode.l10n.t('Ask Bedrock: API key saved in secret storage.'));
    }),
    vscode.commands.registerCommand('askBedrock.clearApiKey', async () => {
      await apiKeys.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('Ask Bedrock: API key removed.'));
    }),
    vscode.commands.registerCommand('askBedrock.showLog', () => log.show()),
    vscode.commands.registerCommand(CONFIGURE_ENDPOINT_COMMAND, () => configureEndpoint(apiKeys)),
  ];
}

/** The command's `prompt` argument when it is a non-empty string, else what the user types into an input box; trimmed, undefined when empty or cancelled. */
async function questionFrom(prompt: unknown, options: Pick<vscode.InputBoxOptions, 'title' | 'prompt' | 'placeHolder'>): Promise<string | undefined> {
  const question = typeof prompt === 'string' && prompt.trim() ? prompt : await vscode.window.showInputBox({ ...options, ignoreFocusOut: true });
  return question?.trim() || undefined;
}
