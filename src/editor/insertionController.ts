import * as vscode from 'vscode';
import { buildInsertContent, CODE_ONLY_SYSTEM_PROMPT, describeInsertContext } from '../chat/prompt';
import { buildRequest, requestOptions, type ModelSettings } from '../chat/request';
import { jsonBytes } from '../chat/trimConversation';
import { throwIfStopped, TransportError } from '../transport/errors';
import type { AnswerSource } from '../transport/streamAnswer';
import { EditBatcher } from './editBatcher';
import { InsertionSink, type InsertionResult } from './insertionSink';

export interface InsertionLog {
  info(message: string): void;
  error(message: string): void;
}

const CONTEXT_LINES_BEFORE = 40;

/**
 * "Insert Answer at Cursor": streams an answer straight into the editor as one undo step,
 * with a cancellable progress notification. Tracks running insertions for Stop and the status bar.
 */
export class InsertionController implements vscode.Disposable {
  private readonly running = new Set<AbortController>();
  private readonly changes = new vscode.EventEmitter<boolean>();
  /** Fires true when the first insertion starts and false when the last one ends. */
  readonly onDidChangeRunning = this.changes.event;
  private readonly finished = new vscode.EventEmitter<InsertionResult>();
  /** Fires with each insertion's result when it ends (done, stopped or failed). */
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly answer: AnswerSource,
    private readonly settings: () => ModelSettings,
    private readonly log: InsertionLog,
  ) {}

  get isRunning(): boolean {
    return this.running.size > 0;
  }

  /** Stops every running insertion; what was inserted stays. */
  stopAll(): void {
    for (const controller of this.running) controller.abort();
  }

  /** Streams the answer to `question` into `editor`, replacing its selection. */
  async insert(editor: vscode.TextEditor, question: string): Promise<InsertionResult> {
    const doc = editor.document;
    const selection = editor.selection;
    const beforeStart = new vscode.Position(Math.max(0, selection.start.line - CONTEXT_LINES_BEFORE), 0);
    const insertContext = {
      fileName: vscode.workspace.asRelativePath(doc.uri),
      languageId: doc.languageId,
      selection: doc.getText(selection),
      before: doc.getText(new vscode.Range(beforeStart, selection.start)),
      startLine: selection.start.line + 1,
    };
    const content = buildInsertContent(question, insertContext);
    const sent = describeInsertContext(insertContext);
    const request = buildRequest([{ role: 'user', content }], requestOptions(this.settings(), CODE_ONLY_SYSTEM_PROMPT));

    this.log.info(`insert: sending ${sent ?? 'no code'} with the request (${jsonBytes(request)} bytes)`);

    const controller = new AbortController();
    this.track(controller, true);
    const inserter = new EditBatcher(editor, new vscode.Range(selection.start, selection.end));
    const sink = new InsertionSink((text) => inserter.push(text));

    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: sent ? vscode.l10n.t('Ask Bedrock: inserting answer… (sent {0})', sent) : vscode.l10n.t('Ask Bedrock: inserting answer…'), cancellable: true },
        async (_progress, token) => {
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            for await (const event of this.answer(request, controller.signal)) sink.push(event);
            throwIfStopped(controller.signal);
            sink.end();
            await inserter.finish();
            this.placeCursor(editor, inserter);
            const result = sink.result('done', inserter.editCount);
            if (result.leftOut) this.log.info(`insert: inserted the answer's code (${result.inserted.length} of ${result.answer.length} chars); the text around it was left out`);
            return result;
          } catch (err) {
            sink.end();
            await inserter.finish().catch(() => undefined);
            this.placeCursor(editor, inserter);
            const failure = err instanceof TransportError ? err : undefined;
            if (failure?.kind === 'aborted') return sink.result('stopped', inserter.editCount);
            const message = failure?.message ?? (err instanceof Error ? err.message : String(err));
            this.log.error(`insert: ${failure?.code ?? 'error'}: ${message}`);
            return sink.result('error', inserter.editCount, message);
          } finally {
            cancel.dispose();
          }
        },
      );
      this.finished.fire(result);
      return result;
    } finally {
      this.track(controller, false);
    }
  }

  dispose(): void {
    this.stopAll();
    this.changes.dispose();
    this.finished.dispose();
  }

  private placeCursor(editor: vscode.TextEditor, inserter: EditBatcher): void {
    if (inserter.editCount === 0 || !vscode.window.visibleTextEditors.includes(editor)) return;
    const end = inserter.end;
    editor.selection = new vscode.Selection(end, end);
  }

  private track(controller: AbortController, add: boolean): void {
    const before = this.isRunning;
    if (add) this.running.add(controller);
    else this.running.delete(controller);
    if (before !== this.isRunning) this.changes.fire(this.isRunning);
  }
}
