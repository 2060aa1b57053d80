import * as vscode from 'vscode';

/** Inserts a code block's text at the cursor of the active (or first visible) editor, as one undo step. */
export async function insertCodeBlock(text: string): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file to insert the code into.'));
    return;
  }
  await editor.edit((builder) => builder.replace(editor.selection, text));
}
