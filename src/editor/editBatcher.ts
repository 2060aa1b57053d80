import * as vscode from 'vscode';

/**
 * Streams text into an editor at a position (replacing a range first), batching chunks that
 * arrive while an edit is in flight into the next edit. All edits form one undo step: only the
 * first pushes an undo stop.
 */
export class EditBatcher {
  private pending = '';
  private queue: Promise<void> = Promise.resolve();
  private scheduled = false;
  private first = true;
  private failure: Error | undefined;
  private start: vscode.Position;
  private insertedLength = 0;
  /** How many edit operations were applied (for benchmarks and tests). */
  editCount = 0;

  constructor(
    private readonly editor: vscode.TextEditor,
    private readonly replace: vscode.Range,
  ) {
    this.start = replace.start;
  }

  /** Queues text; it is applied as soon as the previous edit finishes. */
  push(text: string): void {
    if (!text || this.failure) return;
    this.pending += text;
    if (this.scheduled) return;
    this.scheduled = true;
    this.queue = this.queue.then(() => this.flush());
  }

  /** Waits for every queued edit; rejects if the editor refused one (e.g. it was closed). */
  async finish(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }

  /** Where the inserted text ends now. */
  get end(): vscode.Position {
    const doc = this.editor.document;
    return doc.positionAt(doc.offsetAt(this.start) + this.insertedLength);
  }

  /** The editor to edit through: the original while visible, else another visible editor of the same document. */
  private visibleEditor(): vscode.TextEditor | undefined {
    const visible = vscode.window.visibleTextEditors;
    if (visible.includes(this.editor)) return this.editor;
    return visible.find((e) => e.document === this.editor.document);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    // VS Code converts inserted line ends to the document's; do it first so lengths match.
    const crlf = this.editor.document.eol === vscode.EndOfLine.CRLF;
    const text = this.pending.replace(/\r\n|\r|\n/g, crlf ? '\r\n' : '\n');
    this.pending = '';
    if (!text || this.failure) return;
    const first = this.first;
    // Replacing an empty range inserts.
    const range = first ? this.replace : new vscode.Range(this.end, this.end);
    let ok = false;
    try {
      const target = this.visibleEditor();
      if (target) {
        ok = await target.edit((builder) => builder.replace(range, text), { undoStopBefore: first, undoStopAfter: false });
      } else {
        // The user switched away: keep the text flowing into the document (later edits are separate undo steps).
        const edit = new vscode.WorkspaceEdit();
        edit.replace(this.editor.document.uri, range, text);
        ok = await vscode.workspace.applyEdit(edit);
      }
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      return;
    }
    if (!ok) {
      this.failure = new Error(vscode.l10n.t('The document did not accept the text (was it closed?). What was inserted so far is kept.'));
      return;
    }
    this.first = false;
    this.editCount++;
    this.insertedLength += text.length;
  }
}
