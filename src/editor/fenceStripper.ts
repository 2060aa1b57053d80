const FENCE_START = /^[ \t]*(`{3,}|~{3,})[^\n]*\n/;
const MAYBE_FENCE_START = /^[ \t]*(`{0,3}|~{0,3})$|^[ \t]*(`{3,}|~{3,})[^\n]*$/;
// A tail that could still turn into a closing fence: newline-started lines of only spaces, backticks or tildes.
const MAYBE_FENCE_TAIL = /(\n[ \t`~]*)+$/;
const FENCE_END = /\n?[ \t]*(`{3,}|~{3,})[ \t]*\s*$/;

/**
 * Removes a markdown fence that surrounds a whole streamed answer (```lang … ```), so code
 * can go straight into the editor. Text is released as soon as it cannot be part of a fence.
 */
export class FenceStripper {
  private inHead = true;
  private fenced = false;
  private held = '';

  /** Feeds a chunk; returns the text that is safe to insert now. */
  push(text: string): string {
    this.held += text;
    if (this.inHead) {
      const opener = FENCE_START.exec(this.held);
      if (opener) {
        this.fenced = true;
        this.inHead = false;
        this.held = this.held.slice(opener[0].length);
      } else if (MAYBE_FENCE_START.test(this.held)) {
        return '';
      } else {
        this.inHead = false;
      }
    }
    const tail = MAYBE_FENCE_TAIL.exec(this.held);
    const cut = tail ? tail.index : this.held.length;
    const ready = this.held.slice(0, cut);
    this.held = this.held.slice(cut);
    return ready;
  }

  /** Ends the stream; returns what is left, without a closing fence if the answer was fenced. */
  end(): string {
    let rest = this.held;
    this.held = '';
    if (this.inHead) {
      this.inHead = false;
      // A lone unterminated opener ("```ts") is no code at all.
      return /^[ \t]*(`{3,}|~{3,})[^\n]*$/.test(rest) ? '' : rest;
    }
    if (this.fenced) rest = rest.replace(FENCE_END, '');
    return rest;
  }
}
