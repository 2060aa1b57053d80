import type { AnswerEvent } from '../transport/streamAnswer';
import { FenceStripper } from './fenceStripper';

/** How an insertion ended, and what it put into the editor. */
export interface InsertionResult {
  status: 'done' | 'stopped' | 'error';
  /** The text that went into the editor. */
  inserted: string;
  edits: number;
  error?: string;
}

/**
 * The pure core of "Insert Answer at Cursor": takes an answer's events and hands the text to
 * insert to `write` (code fences stripped), keeping what was written. No VS Code: the controller
 * owns the editor, and `write` is where its edits start.
 */
export class InsertionSink {
  private readonly stripper = new FenceStripper();
  private text = '';

  constructor(private readonly write: (text: string) => void) {}

  /** The text written so far. */
  get inserted(): string {
    return this.text;
  }

  /** Takes one event of the answer; only text changes the editor. */
  push(event: AnswerEvent): void {
    if (event.type === 'delta') this.emit(this.stripper.push(event.text));
  }

  /** The answer ended (or failed): writes what the fence stripper still holds. */
  end(): void {
    this.emit(this.stripper.end());
  }

  /** The result to report, once the edits are applied. */
  result(status: InsertionResult['status'], edits: number, error?: string): InsertionResult {
    return { status, inserted: this.text, edits, ...(error === undefined ? {} : { error }) };
  }

  private emit(text: string): void {
    if (!text) return;
    this.text += text;
    this.write(text);
  }
}
