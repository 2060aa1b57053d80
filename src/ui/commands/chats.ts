import * as vscode from 'vscode';
import type { ConversationSummary, Conversations } from '../../chat/conversation';
import { conversationMarkdown, exportFileName } from '../../chat/exportMarkdown';
import { inertText } from '../../util/inertText';

/** What the chats list does to the panel's conversation (ChatSession). */
export interface ChatSwitcher {
  readonly conversationId: string;
  newChat(): Promise<void>;
  open(id: string): Promise<unknown>;
  rename(id: string, title: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface ChatsDeps {
  conversations: Conversations;
  session: ChatSwitcher;
}

const nothingSaved = () => vscode.l10n.t('Ask Bedrock: this chat has no questions yet.');

/** Long enough for a title; the middle is cut beyond it. */
const MAX_SHOWN_TITLE = 100;

type ChatAction = 'rename' | 'export' | 'delete';

interface ChatButton extends vscode.QuickInputButton {
  action: ChatAction;
}

interface ChatItem extends vscode.QuickPickItem {
  /** Absent: "New Chat". */
  id?: string;
}

const buttons = (): readonly ChatButton[] => [
  { action: 'rename', iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename') },
  { action: 'export', iconPath: new vscode.ThemeIcon('markdown'), tooltip: vscode.l10n.t('Export as Markdown') },
  { action: 'delete', iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Delete') },
];

/**
 * The list of past chats (a quick pick, like Copilot Chat's "Show Chats"): pick one to switch
 * to it, or New Chat; each has Rename, Export as Markdown and Delete buttons.
 */
export async function showChats(deps: ChatsDeps): Promise<void> {
  for (;;) {
    const next = await pickChat(deps);
    if (!next) return;
    if (next.action === 'export') {
      await exportChat(deps.conversations, next.id);
      return;
    }
    if (next.action === 'rename') await renameChat(deps, next.id);
    else await deleteChat(deps, next.id);
    // Back to the list, as after a rename or delete in Copilot Chat's.
  }
}

/** Shows the list; resolves with the button pressed on an item (the list is hidden first), or undefined once it is done. */
function pickChat(deps: ChatsDeps): Promise<{ action: ChatAction; id: string } | undefined> {
  const pick = vscode.window.createQuickPick<ChatItem>();
  pick.title = vscode.l10n.t('Chats');
  pick.placeholder = vscode.l10n.t('Switch to a chat, or start a new one');
  const refresh = () => {
    const items = chatItems(deps.conversations.list(), deps.session.conversationId, Date.now());
    pick.items = items;
    const current = items.find((i) => i.id === deps.session.conversationId);
    if (current) pick.activeItems = [current];
  };
  refresh();
  return new Promise((resolve) => {
    let result: { action: ChatAction; id: string } | undefined;
    const subscriptions = [
      deps.conversations.onDidChange(refresh),
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0] ?? pick.activeItems[0];
        pick.hide();
        if (!item) return;
        if (item.id === undefined) void deps.session.newChat();
        else if (item.id !== deps.session.conversationId) void deps.session.open(item.id);
      }),
      pick.onDidTriggerItemButton(({ item, button }) => {
        if (item.id === undefined) return;
        result = { action: (button as ChatButton).action, id: item.id };
        pick.hide();
      }),
      pick.onDidHide(() => {
        for (const s of subscriptions) s.dispose();
        pick.dispose();
        resolve(result);
      }),
    ];
    pick.show();
  });
}

/** The quick pick's items: New Chat, then the conversations newest first with the current one marked. */
function chatItems(summaries: readonly ConversationSummary[], currentId: string, now: number): ChatItem[] {
  const items: ChatItem[] = [{ label: `$(add) ${vscode.l10n.t('New Chat')}`, alwaysShow: true }];
  if (summaries.length) items.push({ label: vscode.l10n.t('Recent'), kind: vscode.QuickPickItemKind.Separator });
  for (const s of summaries) {
    const count = s.turnCount === 1 ? vscode.l10n.t('1 question') : vscode.l10n.t('{0} questions', s.turnCount);
    items.push({
      id: s.id,
      label: inertText(s.title || vscode.l10n.t('Untitled chat'), MAX_SHOWN_TITLE),
      iconPath: new vscode.ThemeIcon(s.id === currentId ? 'comment-discussion' : 'comment'),
      description: [s.id === currentId ? vscode.l10n.t('current') : '', count, ago(s.updatedAt, now)].filter(Boolean).join(' · '),
      buttons: buttons(),
    });
  }
  return items;
}

/** Asks for a new title for a stored chat and renames it. */
export async function renameChat(deps: ChatsDeps, id: string): Promise<void> {
  const current = deps.conversations.list().find((s) => s.id === id);
  if (!current) {
    void vscode.window.showInformationMessage(nothingSaved());
    return;
  }
  const title = await vscode.window.showInputBox({
    title: vscode.l10n.t('Rename Chat'),
    value: current.title,
    valueSelection: [0, current.title.length],
    prompt: vscode.l10n.t('A new title for this chat.'),
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('The title cannot be empty.')),
  });
  if (title?.trim()) await deps.session.rename(id, title);
}

/** Deletes a stored chat once the user confirms (a modal dialog). */
export async function deleteChat(deps: ChatsDeps, id: string): Promise<void> {
  const current = deps.conversations.list().find((s) => s.id === id);
  if (!current) {
    void vscode.window.showInformationMessage(nothingSaved());
    return;
  }
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the chat "{0}"?', inertText(current.title || vscode.l10n.t('Untitled chat'), MAX_SHOWN_TITLE)),
    {
      modal: true,
      detail:
        current.turnCount === 1
          ? vscode.l10n.t('Its 1 question and answer are removed from this workspace.')
          : vscode.l10n.t('Its {0} questions and answers are removed from this workspace.', current.turnCount),
    },
    remove,
  );
  if (choice === remove) await deps.session.delete(id);
}

/**
 * Writes a conversation as markdown. Without `target` (always, from the command), asks where (a
 * save dialog); afterwards offers to open the file. Resolves with where it was written.
 */
export async function exportChat(conversations: Conversations, id: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const conversation = conversations.load(id);
  if (!conversation || conversation.turns.length === 0) {
    void vscode.window.showInformationMessage(nothingSaved());
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Chat as Markdown'),
      saveLabel: vscode.l10n.t('Export'),
      filters: { Markdown: ['md'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, exportFileName(conversation.title)) } : {}),
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(conversationMarkdown(conversation)));
  if (!target) {
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Ask Bedrock: chat exported to {0}.', inertText(uri.path.split('/').pop() ?? uri.path)), open).then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else the date. */
function ago(time: number, now: number): string {
  const minutes = Math.floor((now - time) / 60_000);
  if (minutes < 1) return vscode.l10n.t('just now');
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return vscode.l10n.t('{0} h ago', hours);
  const days = Math.floor(hours / 24);
  if (days === 1) return vscode.l10n.t('yesterday');
  if (days < 7) return vscode.l10n.t('{0} days ago', days);
  return new Date(time).toISOString().slice(0, 10);
}
