/** A fence line: indentation, the fence (``` or ~~~, three or more), the rest (an info string, or nothing). */
const FENCE_LINE = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
/** A partial line that could still become a fence line: indentation and fence characters only. */
const MAYBE_FENCE = /^[ \t]*(?:`+|~+)?[ \t]*$/;
/** Undecided first lines are held this long at most (a longer first line is classified as it stands). */
const DECIDE_CHARS = 200;

/**
 * First lines that read as prose addressed to the user ("Here is the function:", "Sure!",
 * "> your question", "以下は…"). Guessing prose wrongly only delays the text (it is held until a
 * fence or the end); guessing code wrongly puts prose into the file, so these lean towards prose.
 */
const PROSE_FIRST_LINE: readonly RegExp[] = [
  /^\P{ASCII}/u,
  /^>/,
  /^\*\*[^*\s]/,
  /^#{2,6}\s/,
  /^\d{1,2}[.)]\s+[A-Z]/,
  /^(?:[A-Z][a-z'’]+|[A-Z]{1,2})[,.!:?]?\s+[A-Za-z'’]+[,.!:?]?\s+\S/,
  /^[A-Z][a-z'’]*(?:\s+[A-Za-z'’,-]+)*[.!:?]$/,
];

type Mode = 'head' | 'prose' | 'plain' | 'code' | 'done';

/**
 * Picks the code out of a streamed answer for the editor. Prose before the first fence is held
 * back; once a fence opens, only the code inside it is released, as it arrives, and its closing
 * fence ends the code (the rest of the answer is left out). An answer whose first line reads as
 * code is released as it comes; prose that never reaches a fence is released whole at the end.
 */
export class CodeExtractor {
  private mode: Mode = 'head';
  private held = '';
  /** Where to look for an opening fence in held prose (a line start). */
  private scanned = 0;
  private fence = { char: '`', length: 3, indent: 0 };
  /** Fences with an info string opened inside the code (```js in a ```md block), not yet closed. */
  private nested = 0;
  /** The current (incomplete) code line and how much of it was released or dropped as indentation. */
  private line = '';
  private released = 0;
  /** The previous code line's line break, released only once the next line is known not to close the fence. */
  private lineBreak = '';
  private skipped = false;

  /** True when non-blank text of the answer was left out: prose around the code, or what came after it. */
  get leftOut(): boolean {
    return this.skipped;
  }

  /** Feeds a chunk; returns the text that is safe to insert now. */
  push(text: string): string {
    if (!text) return '';
    switch (this.mode) {
      case 'head':
        this.held += text;
        return this.decide(false);
      case 'prose':
        this.held += text;
        return this.findFence();
      case 'plain':
        return text;
      case 'code':
        return this.code(text);
      case 'done':
        this.skip(text);
        return '';
    }
  }

  /** Ends the stream; returns what is left to insert. */
  end(): string {
    let out = '';
    if (this.mode === 'head') out = this.decide(true);
    if (this.mode === 'prose') out += this.endProse();
    else if (this.mode === 'code') out += this.endCode();
    this.mode = 'done';
    return out;
  }

  /** In the head: decides from the first non-blank line whether the answer is code, prose or a fence. */
  private decide(ending: boolean): string {
    const blank = /^(?:[ \t]*\r?\n)*/.exec(this.held)![0].length;
    const rest = this.held.slice(blank);
    const newline = rest.indexOf('\n');
    const first = stripCr(newline < 0 ? rest : rest.slice(0, newline));
    if (newline < 0 && !ending) {
      if (rest.length < DECIDE_CHARS || FENCE_LINE.test(first)) return '';
    }
    if (newline >= 0 && isOpener(first)) {
      this.held = '';
      this.openCode(first);
      return this.code(rest.slice(newline + 1));
    }
    if (PROSE_FIRST_LINE.some((re) => re.test(first)) || (ending && isOpener(first))) {
      this.mode = 'prose';
      return this.findFence();
    }
    this.mode = 'plain';
    const out = this.held;
    this.held = '';
    return out;
  }

  /** In prose: looks for a line that opens a fence; from there on the code streams. */
  private findFence(): string {
    for (;;) {
      const newline = this.held.indexOf('\n', this.scanned);
      if (newline < 0) return '';
      const line = stripCr(this.held.slice(this.scanned, newline));
      if (isOpener(line)) {
        this.skip(this.held.slice(0, this.scanned));
        const after = this.held.slice(newline + 1);
        this.held = '';
        this.openCode(line);
        return this.code(after);
      }
      this.scanned = newline + 1;
    }
  }

  /** The stream ended in prose: no fence ever came, so the text goes in as it was (a lone opener at the very end: nothing). */
  private endProse(): string {
    const lastLine = stripCr(this.held.slice(this.scanned));
    if (isOpener(lastLine)) {
      this.skip(this.held);
      return '';
    }
    return this.held;
  }

  private openCode(opener: string): void {
    const [, indent, fence] = FENCE_LINE.exec(opener)!;
    this.fence = { char: fence![0]!, length: fence!.length, indent: indent!.length };
    this.mode = 'code';
  }

  /** In the code: releases complete lines and the safe part of the current one, up to the closing fence. */
  private code(text: string): string {
    this.line += text;
    let out = '';
    for (let newline = this.line.indexOf('\n'); newline >= 0; newline = this.line.indexOf('\n')) {
      const full = this.line.slice(0, newline + 1);
      this.line = this.line.slice(newline + 1);
      const content = stripCr(full.slice(0, -1));
      if (this.released === 0 && this.closes(content)) {
        this.mode = 'done';
        this.skip(this.line);
        this.line = '';
        return out;
      }
      this.track(content);
      out += this.release(content);
      this.lineBreak = full.endsWith('\r\n') ? '\r\n' : '\n';
      this.released = 0;
    }
    // The current line may still turn into the closing fence, and a trailing \r into a line break.
    const safe = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
    if (this.released > 0 || !MAYBE_FENCE.test(safe)) out += this.release(safe);
    return out;
  }

  /** The stream ended inside the code (no closing fence): the rest of the code goes in, unless it is the closing fence. */
  private endCode(): string {
    const last = stripCr(this.line);
    if (this.released === 0 && this.closes(last)) return '';
    return this.release(this.line);
  }

  /** Releases the part of the current line not yet released (its indentation up to the fence's removed), after the previous line break. */
  private release(line: string): string {
    let from = this.released;
    if (from === 0) from = Math.min(this.fence.indent, /^[ \t]*/.exec(line)![0].length);
    const text = line.slice(from);
    const out = (this.released === 0 ? this.lineBreak : '') + text;
    if (this.released === 0) this.lineBreak = '';
    this.released = line.length;
    return out;
  }

  /** Whether a complete line closes the code: a bare fence of the opener's kind, with no fence opened inside still open. */
  private closes(line: string): boolean {
    const match = FENCE_LINE.exec(line);
    if (!match || match[3]!.trim() !== '' || this.nested > 0) return false;
    return match[2]![0] === this.fence.char && match[2]!.length >= this.fence.length;
  }

  /** Follows fences inside the code (a markdown block showing a ```js block), so their bare closers do not end it. */
  private track(line: string): void {
    const match = FENCE_LINE.exec(line);
    if (!match) return;
    if (match[3]!.trim() !== '') this.nested++;
    else if (this.nested > 0) this.nested--;
  }

  private skip(text: string): void {
    if (/\S/.test(text)) this.skipped = true;
  }
}

/** An opening fence: a backtick fence's info string cannot contain backticks (CommonMark). */
function isOpener(line: string): boolean {
  const match = FENCE_LINE.exec(line);
  return match !== null && !(match[2]![0] === '`' && match[3]!.includes('`'));
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
