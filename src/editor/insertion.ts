import * as vscode from 'vscode';
import type { AnswerSource } from '../chat/session';
import { buildInsertContent, CODE_ONLY_SYSTEM_PROMPT, describeInsertContext } from '../chat/prompt';
import { jsonBytes } from '../chat/trimConversation';
import type { Settings } from '../config/settings';
import { TransportError } from '../transport/errors';
import { FenceStripper } from './fenceStripper';
import { StreamingInserter } from './streamingInserter';

export interface InsertionResult {
  status: 'done' | 'stopped' | 'error';
  /** The text that went into the editor. */
  inserted: string;
  edits: number;
  error?: string;
}

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

  constructor(
    private readonly answer: AnswerSource,
    private readonly settings: () => Settings,
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
    const settings = this.settings();
    const request = {
      prompt: content,
      messages: [{ role: 'user' as const, content }],
      system: CODE_ONLY_SYSTEM_PROMPT,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
      ...(settings.modelId ? { modelId: settings.modelId } : {}),
    };

    this.log.info(`insert: sending ${sent ?? 'no code'} with the request (${jsonBytes(request)} bytes)`);

    const controller = new AbortController();
    this.track(controller, true);
    const inserter = new StreamingInserter(editor, new vscode.Range(selection.start, selection.end));
    const stripper = new FenceStripper();
    let inserted = '';
    const put = (text: string) => {
      if (!text) return;
      inserted += text;
      inserter.push(text);
    };

    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Ask Bedrock: inserting answer…${sent ? ` (sent ${sent})` : ''}`, cancellable: true },
        async (_progress, token) => {
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            for await (const event of this.answer(request, controller.signal)) {
              if (event.type === 'delta') put(stripper.push(event.text));
            }
            if (controller.signal.aborted) throw new TransportError('aborted', 'Stopped.');
            put(stripper.end());
            await inserter.finish();
            this.placeCursor(editor, inserter);
            return { status: 'done' as const, inserted, edits: inserter.editCount };
          } catch (err) {
            put(stripper.end());
            await inserter.finish().catch(() => undefined);
            this.placeCursor(editor, inserter);
            const failure = err instanceof TransportError ? err : undefined;
            if (failure?.kind === 'aborted') return { status: 'stopped' as const, inserted, edits: inserter.editCount };
            const message = failure?.message ?? (err instanceof Error ? err.message : String(err));
            this.log.error(`insert: ${failure?.code ?? 'error'}: ${message}`);
            return { status: 'error' as const, inserted, edits: inserter.editCount, error: message };
          } finally {
            cancel.dispose();
          }
        },
      );
    } finally {
      this.track(controller, false);
    }
  }

  dispose(): void {
    this.stopAll();
    this.changes.dispose();
  }

  private placeCursor(editor: vscode.TextEditor, inserter: StreamingInserter): void {
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
