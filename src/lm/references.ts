import * as vscode from 'vscode';
import type { CodeContext } from '../chat/prompt';
import { selectionContext } from '../editor/selectionContext';
import { MAX_REFERENCE_BYTES, tooLargeReason, unusableReference } from './participantPrompt';

/** The context of a chat request, and what was left out of it (for a note to the user). */
export interface ReferenceContext {
  contexts: CodeContext[];
  skipped: { name: string; reason: string }[];
}

/**
 * The code a request carries: each reference the user attached (`#file` as a Uri, `#selection` or a
 * range as a Location, a plain string value), in prompt order; when none can be used, the active
 * editor's selection. Files that are too large or binary are left out and listed in `skipped`.
 */
export async function referenceContext(references: readonly vscode.ChatPromptReference[], editor: vscode.TextEditor | undefined): Promise<ReferenceContext> {
  const result: ReferenceContext = { contexts: [], skipped: [] };
  // VS Code lists references last-in-prompt first.
  for (const reference of [...references].reverse()) {
    const { value } = reference;
    if (value instanceof vscode.Uri) await addFile(result, value);
    else if (value instanceof vscode.Location) await addRange(result, value);
    else if (typeof value === 'string' && value.trim()) result.contexts.push(textContext(reference.id, value));
  }
  if (result.contexts.length === 0) {
    const selection = selectionContext(editor);
    if (selection) result.contexts.push(selection);
  }
  return result;
}

async function addFile(result: ReferenceContext, uri: vscode.Uri): Promise<void> {
  const name = vscode.workspace.asRelativePath(uri);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return skip(result, name, vscode.l10n.t('a folder'));
    if (stat.size > MAX_REFERENCE_BYTES) return skip(result, name, tooLargeReason());
    const bytes = await vscode.workspace.fs.readFile(uri);
    const unusable = unusableReference(bytes);
    if (unusable) return skip(result, name, unusable);
    const code = new TextDecoder().decode(bytes);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    result.contexts.push({ code, fileName: name, languageId: document?.languageId ?? languageFromName(name), startLine: 1, endLine: Math.max(1, code.split('\n').length) });
  } catch {
    skip(result, name, vscode.l10n.t('it could not be read'));
  }
}

async function addRange(result: ReferenceContext, location: vscode.Location): Promise<void> {
  const name = vscode.workspace.asRelativePath(location.uri);
  try {
    const document = await vscode.workspace.openTextDocument(location.uri);
    const code = document.getText(location.range);
    if (new TextEncoder().encode(code).byteLength > MAX_REFERENCE_BYTES) return skip(result, name, tooLargeReason());
    if (!code.trim()) return;
    result.contexts.push({ code, fileName: name, languageId: document.languageId, startLine: location.range.start.line + 1, endLine: location.range.end.line + 1 });
  } catch {
    skip(result, name, vscode.l10n.t('it could not be read'));
  }
}

function textContext(id: string, text: string): CodeContext {
  const lines = text.split('\n').length;
  return { code: text.slice(0, MAX_REFERENCE_BYTES), fileName: id, languageId: 'text', startLine: 1, endLine: lines };
}

function skip(result: ReferenceContext, name: string, reason: string): void {
  result.skipped.push({ name, reason });
}

/** The file's extension as a fence language tag (good enough for a model); `text` without one. */
function languageFromName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > name.lastIndexOf('/') && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : 'text';
}
