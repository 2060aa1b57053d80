import * as vscode from 'vscode';
import type { CodeContext } from '../chat/prompt';

/** The active editor's selection as context for a question; undefined when nothing is selected. */
export function selectionContext(editor: vscode.TextEditor | undefined): CodeContext | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const { selection, document } = editor;
  const code = document.getText(selection);
  if (!code.trim()) return undefined;
  // A selection ending at column 0 of the next line does not include that line.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return {
    code,
    fileName: vscode.workspace.asRelativePath(document.uri),
    languageId: document.languageId,
    startLine: selection.start.line + 1,
    endLine: endLine + 1,
  };
}
