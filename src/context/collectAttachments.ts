import * as vscode from 'vscode';
import type { Attachment } from '../chat/attachment';
import type { AttachmentSource } from '../protocol/webview';
import { inertText } from '../util/inertText';
import { fileAttachment, languageFromFileName, problemsAttachment, selectionAttachmentOf, type Problem } from './buildAttachment';
import { clampMaxFileKilobytes, fileRefusal, MAX_FILE_KILOBYTES_SETTING, sizeRefusal } from './fileGuard';
import { searchExcludeGlob } from './searchExclude';

/** Long enough for a deep relative path in a message; the middle is cut beyond it. */
const MAX_SHOWN_NAME = 120;
/** The workspace file picker lists at most this many files. */
const MAX_WORKSPACE_FILES = 5000;

interface SourceItem extends vscode.QuickPickItem {
  source: AttachmentSource;
}

const sources = (): readonly SourceItem[] => [
  { source: 'selection', label: `$(selection) ${vscode.l10n.t('Selection')}`, description: vscode.l10n.t('the code selected in the active editor') },
  { source: 'activeFile', label: `$(file) ${vscode.l10n.t('Active File')}`, description: vscode.l10n.t('the whole file in the active editor') },
  { source: 'openEditors', label: `$(files) ${vscode.l10n.t('Open Editors')}`, description: vscode.l10n.t('every file open in an editor tab') },
  { source: 'problems', label: `$(warning) ${vscode.l10n.t('Problems in Active File')}`, description: vscode.l10n.t('errors and warnings of the active file') },
  { source: 'workspaceFile', label: `$(search) ${vscode.l10n.t('Workspace File…')}`, description: vscode.l10n.t('pick any file of the workspace') },
];

/**
 * Attachments from a source (no source: the user picks one in a quick pick). What cannot be
 * attached (too large, binary, nothing selected) is said in a message and left out.
 */
export async function collectAttachments(source?: AttachmentSource): Promise<Attachment[]> {
  const chosen = source ?? (await pickSource());
  switch (chosen) {
    case 'selection':
      return selected();
    case 'activeFile':
      return activeFile();
    case 'openEditors':
      return openEditors();
    case 'problems':
      return problems();
    case 'workspaceFile':
      return workspaceFile();
    default:
      return [];
  }
}

/** The active editor's selection as an attachment ("app.ts:12-40"); undefined when nothing (or only blanks) is selected. */
export function selectionAttachment(editor: vscode.TextEditor | undefined): Attachment | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  const text = document.getText(selection);
  if (!text.trim()) return undefined;
  // Plain positions: the range is stored with the turn (ApplyTarget) as JSON.
  const start = { line: selection.start.line, character: selection.start.character };
  const end = { line: selection.end.line, character: selection.end.character };
  return selectionAttachmentOf(sourceText(document, text), { start, end });
}

async function pickSource(): Promise<AttachmentSource | undefined> {
  const item = await vscode.window.showQuickPick(sources(), { title: vscode.l10n.t('Attach to your question'), placeHolder: vscode.l10n.t('What should go with the question?') });
  return item?.source;
}

function selected(): Attachment[] {
  const attachment = selectionAttachment(vscode.window.activeTextEditor);
  if (!attachment) void vscode.window.showInformationMessage(vscode.l10n.t('Select some code in an editor first, then attach the selection.'));
  return attachment ? [attachment] : [];
}

function activeFile(): Attachment[] {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file in an editor first, then attach it.'));
    return [];
  }
  const attachment = documentAttachment(document);
  return attachment ? [attachment] : [];
}

async function openEditors(): Promise<Attachment[]> {
  const uris = new Map<string, vscode.Uri>();
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (tab.input instanceof vscode.TabInputText) uris.set(tab.input.uri.toString(), tab.input.uri);
  }
  if (uris.size === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No file is open in an editor.'));
    return [];
  }
  const attachments: Attachment[] = [];
  for (const uri of uris.values()) {
    const attachment = await attachFile(uri);
    if (attachment) attachments.push(attachment);
  }
  return attachments;
}

function problems(): Attachment[] {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file in an editor first, then attach its problems.'));
    return [];
  }
  const list = vscode.languages.getDiagnostics(document.uri).map(toProblem);
  const attachment = problemsAttachment(sourceText(document, ''), list, (line) => (line < document.lineCount ? document.lineAt(line).text : undefined));
  if (!attachment) void vscode.window.showInformationMessage(vscode.l10n.t('No problems are reported in {0}.', shownName(document.uri)));
  return attachment ? [attachment] : [];
}

async function workspaceFile(): Promise<Attachment[]> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: workspace files are picked from it.'));
    return [];
  }
  const picked = await vscode.window.showQuickPick(workspaceFileItems(), { title: vscode.l10n.t('Attach a workspace file'), placeHolder: vscode.l10n.t('Type to search files by name'), matchOnDescription: true });
  if (!picked) return [];
  const attachment = await attachFile(picked.uri);
  return attachment ? [attachment] : [];
}

/** A workspace file in the picker: its name, and its folder as the description (both inert). */
interface WorkspaceFileItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/** The workspace's files for the picker, by path, without what `files.exclude` and `search.exclude` hide. */
export async function workspaceFileItems(): Promise<WorkspaceFileItem[]> {
  const exclude = searchExcludeGlob(vscode.workspace.getConfiguration('search').get('exclude'));
  const uris = await vscode.workspace.findFiles('**/*', exclude, MAX_WORKSPACE_FILES);
  return uris
    .map((uri) => ({ uri, path: vscode.workspace.asRelativePath(uri) }))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ uri, path }) => {
      const slash = path.lastIndexOf('/');
      // Quick picks turn `$(name)` into an icon: file names are made inert.
      return { uri, label: inertText(path.slice(slash + 1), MAX_SHOWN_NAME), description: slash > 0 ? inertText(path.slice(0, slash), MAX_SHOWN_NAME) : '' };
    });
}

/** An open document's text (unsaved changes included) as a file attachment, or a message why not. */
function documentAttachment(document: vscode.TextDocument): Attachment | undefined {
  const text = document.getText();
  const refusal = fileRefusal(shownName(document.uri), new TextEncoder().encode(text), maxFileBytes());
  if (refusal) {
    void vscode.window.showWarningMessage(refusal);
    return undefined;
  }
  return fileAttachment(sourceText(document, text));
}

/**
 * A file as an attachment: the open document's text when it is open, else the bytes on disk
 * (size checked before reading); undefined, with a message, when too large, binary or unreadable.
 */
export async function attachFile(uri: vscode.Uri): Promise<Attachment | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return documentAttachment(open);
  const name = shownName(uri);
  const maxBytes = maxFileBytes();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const tooLarge = sizeRefusal(name, stat.size, maxBytes);
    if (tooLarge) {
      void vscode.window.showWarningMessage(tooLarge);
      return undefined;
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    const refusal = fileRefusal(name, bytes, maxBytes);
    if (refusal) {
      void vscode.window.showWarningMessage(refusal);
      return undefined;
    }
    const relativePath = vscode.workspace.asRelativePath(uri);
    return fileAttachment({ uri: uri.toString(), relativePath, languageId: languageFromFileName(relativePath), text: new TextDecoder().decode(bytes) });
  } catch (err) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} was not attached: it could not be read ({1}).', name, inertText(err instanceof Error ? err.message : String(err), 200)));
    return undefined;
  }
}

/** The size limit for attached files, from `askBedrock.context.maxFileKilobytes` (user or workspace). */
function maxFileBytes(): number {
  return clampMaxFileKilobytes(vscode.workspace.getConfiguration('askBedrock').get<unknown>(MAX_FILE_KILOBYTES_SETTING)) * 1024;
}

function sourceText(document: vscode.TextDocument, text: string) {
  return { uri: document.uri.toString(), relativePath: vscode.workspace.asRelativePath(document.uri), languageId: document.languageId, text };
}

function shownName(uri: vscode.Uri): string {
  return inertText(vscode.workspace.asRelativePath(uri), MAX_SHOWN_NAME);
}

function toProblem(diagnostic: vscode.Diagnostic): Problem {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return {
    severity: SEVERITIES[diagnostic.severity],
    line: diagnostic.range.start.line,
    character: diagnostic.range.start.character,
    message: diagnostic.message,
    source: diagnostic.source,
    code: code === undefined ? undefined : String(code),
  };
}

const SEVERITIES: Record<vscode.DiagnosticSeverity, Problem['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};
