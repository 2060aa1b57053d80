import { AnswerClock } from '../chat/answerClock';
import type { AnswerStats } from '../protocol/webview';
import type { AnswerEvent } from '../transport/streamAnswer';
import { CodeExtractor } from './codeExtractor';

/** How an insertion ended, and what it put into the editor. */
export interface InsertionResult {
  status: 'done' | 'stopped' | 'error';
  /** The text that went into the editor. */
  inserted: string;
  edits: number;
  error?: string;
  /** The whole answer as it arrived, prose and fences included. */
  answer: string;
  /** True when part of the answer (prose around the code, text after it) was not inserted: it belongs in the chat panel. */
  leftOut: boolean;
  stats: AnswerStats;
}

/**
 * The pure core of "Insert Answer at Cursor": takes an answer's events and hands the code to
 * insert to `write` (see CodeExtractor), keeping what was written and the whole answer. No VS
 * Code: the controller owns the editor, and `write` is where its edits start.
 */
export class InsertionSink {
  private readonly extractor = new CodeExtractor();
  private readonly clock: AnswerClock;
  private text = '';
  private answer = '';

  /** `now` is the clock for the answer's stats; the request counts as sent when the sink is made. */
  constructor(
    private readonly write: (text: string) => void,
    now: () => number = Date.now,
  ) {
    this.clock = new AnswerClock(now);
  }

  /** The text written so far. */
  get inserted(): string {
    return this.text;
  }

  /** Takes one event of the answer; only text changes the editor. */
  push(event: AnswerEvent): void {
    if (event.type === 'start') this.clock.started(event.model);
    else if (event.type === 'end') this.clock.ended(event.stopReason, event.usage);
    else if (event.type === 'delta' && event.text) {
      this.clock.text();
      this.answer += event.text;
      this.emit(this.extractor.push(event.text));
    }
  }

  /** The answer ended (or failed): writes what the extractor still holds. */
  end(): void {
    this.emit(this.extractor.end());
  }

  /** The result to report, once the edits are applied. */
  result(status: InsertionResult['status'], edits: number, error?: string): InsertionResult {
    return {
      status,
      inserted: this.text,
      edits,
      ...(error === undefined ? {} : { error }),
      answer: this.answer,
      leftOut: this.extractor.leftOut,
      stats: this.clock.stats(),
    };
  }

  private emit(text: string): void {
    if (!text) return;
    this.text += text;
    this.write(text);
  }
}
