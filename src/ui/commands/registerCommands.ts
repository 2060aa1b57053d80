import * as vscode from 'vscode';
import type { ChatSession } from '../../chat/session';
import type { InsertionController } from '../../editor/insertionController';
import type { InsertionResult } from '../../editor/insertionSink';
import { selectionContext } from '../../editor/selectionContext';
import type { Turn } from '../../protocol/webview';
import type { AnswerSource } from '../../transport/streamAnswer';
import { inertText } from '../../util/inertText';
import type { ChatViewProvider } from '../chatView/provider';
import type { ApiKeyStore } from './apiKey';
import { configureEndpoint } from './configureEndpoint';

/** Long enough for a deep relative path; the middle is cut beyond it. */
const MAX_SHOWN_FILE_NAME = 120;

export interface CommandDeps {
  session: ChatSession;
  chatView: ChatViewProvider;
  insertions: InsertionController;
  apiKeys: ApiKeyStore;
  answer: AnswerSource;
  log: vscode.LogOutputChannel;
}

/** Registers every Ask Bedrock command. A `prompt` argument skips the input box (keybindings, tests). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { session, chatView, insertions, apiKeys, log } = deps;

  const ask = async (prompt?: unknown, requireSelection = false): Promise<Turn | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const context = selectionContext(editor);
    if (requireSelection && !context) {
      void vscode.window.showInformationMessage('Select some code first, then run Ask About Selection.');
      return undefined;
    }
    const question = await questionFrom(prompt, {
      title: context ? `Ask Bedrock about ${inertText(context.fileName, MAX_SHOWN_FILE_NAME)}:${context.startLine}-${context.endLine}` : 'Ask Bedrock',
      prompt: context ? 'The selected code is sent with your question.' : 'Your question. Select code first to send it along.',
      placeHolder: context ? 'What does this code do?' : 'How do I stream a response from Lambda?',
    });
    if (!question) return undefined;
    await chatView.reveal();
    return session.ask(question, context);
  };

  const insert = async (prompt?: unknown): Promise<InsertionResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Open a file and place the cursor where the code should go.');
      return undefined;
    }
    const question = await questionFrom(prompt, {
      title: 'Ask Bedrock: Insert Answer at Cursor',
      prompt: editor.selection.isEmpty ? 'Describe the code to insert at the cursor.' : 'Describe how to rewrite the selected code.',
      placeHolder: 'A function that retries with exponential backoff',
    });
    if (!question) return undefined;
    const result = await insertions.insert(editor, question);
    if (result.status === 'error') {
      const retry = 'Retry';
      void vscode.window.showErrorMessage(`Ask Bedrock: ${inertText(result.error ?? 'the answer failed.')}`, retry, 'Show Log').then((choice) => {
        if (choice === retry) void insert(question);
        if (choice === 'Show Log') log.show();
      });
    }
    return result;
  };

  return [
    vscode.commands.registerCommand('askBedrock.ask', (prompt?: unknown) => ask(prompt)),
    vscode.commands.registerCommand('askBedrock.askAboutSelection', (prompt?: unknown) => ask(prompt, true)),
    vscode.commands.registerCommand('askBedrock.insertAtCursor', (prompt?: unknown) => insert(prompt)),
    vscode.commands.registerCommand('askBedrock.newChat', () => session.newChat()),
    vscode.commands.registerCommand('askBedrock.stop', () => {
      session.stop();
      insertions.stopAll();
    }),
    vscode.commands.registerCommand('askBedrock.setApiKey', async () => {
      if (await apiKeys.prompt()) void vscode.window.showInformationMessage('Ask Bedrock: API key saved in secret storage.');
    }),
    vscode.commands.registerCommand('askBedrock.clearApiKey', async () => {
      await apiKeys.clear();
      void vscode.window.showInformationMessage('Ask Bedrock: API key removed.');
    }),
    vscode.commands.registerCommand('askBedrock.showLog', () => log.show()),
    vscode.commands.registerCommand('askBedrock.configureEndpoint', () => configureEndpoint(apiKeys, deps.answer)),
  ];
}

/** The command's `prompt` argument when it is a non-empty string, else what the user types into an input box; trimmed, undefined when empty or cancelled. */
async function questionFrom(prompt: unknown, options: Pick<vscode.InputBoxOptions, 'title' | 'prompt' | 'placeHolder'>): Promise<string | undefined> {
  const question = typeof prompt === 'string' && prompt.trim() ? prompt : await vscode.window.showInputBox({ ...options, ignoreFocusOut: true });
  return question?.trim() || undefined;
}
