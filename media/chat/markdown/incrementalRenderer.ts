import type { Token } from 'marked';
import { dedentCodeLine, isFenceClose, parseFenceOpen, type FenceOpen } from './fence';
import { NewlineNormalizer } from './newlines';
import type { MarkdownRenderer } from './renderer';
import { languageOf } from './renderer';

/** A fenced code block still open at the end of the text: it grows by appending text nodes. */
interface OpenFence {
  open: FenceOpen;
  /** Offset in `tail` of the first line not yet shown as a complete line. */
  scanPos: number;
  code: HTMLElement;
  /** The incomplete last line, replaced on every flush. */
  partial: Text;
}

/**
 * Above this many characters, the still-changing last block is re-rendered only once the
 * text appended since its last render is 1/16 of its size: a giant paragraph or table then
 * costs amortized O(16) work per character instead of re-rendering it on every frame.
 */
const LIVE_BLOCK_BUDGET = 16_384;
const LIVE_RERENDER_RATIO = 16;

/** Work counters, for tests and benchmarks (proves the cost stays linear). */
export interface RenderCounters {
  /** Characters handed to the markdown lexer, summed over all flushes. */
  lexedChars: number;
  /** Top-level blocks rendered once and never touched again. */
  committedBlocks: number;
}

/**
 * Renders a streaming markdown answer into `container`. Finished top-level blocks are
 * rendered once and never re-parsed; only the text after the last finished block (the tail)
 * is lexed again on a flush, and an open fenced code block only gets its new lines appended.
 * After `finish()` the container holds exactly what `renderer.renderAll(text)` produces.
 */
export class IncrementalMarkdown {
  private full = '';
  private tail = '';
  private readonly newlines = new NewlineNormalizer();
  private sawLinkDefs = false;
  private live: Node[] = [];
  private fence: OpenFence | undefined;
  private dirty = false;
  private finished = false;
  /** Characters appended since the live block was last rendered. */
  private unrendered = 0;
  /** Whether the live part is one prose-like block that may be rendered less often when huge. */
  private throttleLive = false;
  readonly counters: RenderCounters = { lexedChars: 0, committedBlocks: 0 };

  constructor(
    private readonly container: HTMLElement,
    private readonly renderer: MarkdownRenderer,
    /** Live blocks larger than this re-render less often (tests lower it to exercise that path). */
    private readonly liveBlockBudget = LIVE_BLOCK_BUDGET,
  ) {}

  /** Queues text; no DOM work until `flush()`. */
  append(chunk: string): void {
    if (this.finished) return;
    const text = this.newlines.push(chunk);
    if (!text) return;
    this.full += text;
    this.tail += text;
    this.unrendered += text.length;
    this.dirty = true;
  }

  /** Brings the DOM up to date with everything appended (call once per animation frame). */
  flush(): void {
    if (!this.dirty || this.finished) return;
    if (this.fence && this.growFence(this.fence)) {
      this.dirty = false;
      return;
    }
    if (!this.fence && this.mayWait()) return;
    this.dirty = false;
    this.unrendered = 0;
    this.relexTail();
  }

  /** True if a huge live block may skip this flush (no blank line arrived, and little new text). */
  private mayWait(): boolean {
    if (!this.throttleLive || this.tail.length <= this.liveBlockBudget) return false;
    if (this.unrendered * LIVE_RERENDER_RATIO >= this.tail.length) return false;
    return this.tail.indexOf('\n\n', Math.max(0, this.tail.length - this.unrendered - 1)) < 0;
  }

  /** Renders the rest as final; afterwards the DOM equals a one-shot render of the text. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.fence = undefined;
    const { tokens, hasLinkDefs } = this.lex(this.tail);
    this.clearLive();
    if (this.sawLinkDefs || hasLinkDefs) {
      // A reference definition can change blocks rendered before it: render once, whole.
      this.container.replaceChildren(this.renderer.renderAll(this.full));
    } else {
      this.container.append(this.renderer.render(tokens));
    }
    this.counters.committedBlocks += tokens.length;
    this.tail = '';
  }

  private lex(src: string): { tokens: Token[]; hasLinkDefs: boolean } {
    this.counters.lexedChars += src.length;
    const result = this.renderer.lex(src);
    if (result.hasLinkDefs) this.sawLinkDefs = true;
    return result;
  }

  private relexTail(): void {
    this.fence = undefined;
    this.throttleLive = false;
    const { tokens } = this.lex(this.tail);
    this.clearLive();
    const live = this.liveStart(tokens);
    if (live < 0) return;

    let consumed = 0;
    for (let i = 0; i < live; i++) consumed += tokens[i]!.raw.length;
    if (live > 0) {
      if (!this.tail.startsWith(tokens[live]!.raw, consumed)) {
        // Tokens do not tile the source here: commit nothing, render it all as live.
        this.showLive(this.renderer.render(tokens));
        return;
      }
      this.container.append(this.renderer.render(tokens.slice(0, live)));
      this.counters.committedBlocks += live;
      this.tail = this.tail.slice(consumed);
    }
    const rest = tokens.slice(live);
    this.throttleLive = rest.length === 1 && rest[0]!.type !== 'code';
    if (rest.length > 1 || !this.enterFence(rest[0]!)) this.showLive(this.renderer.render(rest));
  }

  /**
   * Index of the first token that may still change: the last non-space token, or the one
   * before it while the last one's first line is incomplete ("1" may yet become "1. item",
   * which continues the list before it). -1 if there is nothing but space.
   */
  private liveStart(tokens: Token[]): number {
    const lastBlock = (before: number): number => {
      let i = before - 1;
      while (i >= 0 && tokens[i]!.type === 'space') i--;
      return i;
    };
    const last = lastBlock(tokens.length);
    if (last <= 0) return last;
    let start = 0;
    for (let i = 0; i < last; i++) start += tokens[i]!.raw.length;
    if (this.tail.indexOf('\n', start) >= 0) return last;
    const previous = lastBlock(last);
    if (previous < 0) return last;
    // A closed fenced code block absorbs nothing after it: commit it now rather than re-highlight it every frame.
    const before = tokens[previous]!;
    return before.type === 'code' && before.codeBlockStyle !== 'indented' ? last : previous;
  }

  /** If the tail is an open fenced code block, shows it as growing plain text. */
  private enterFence(token: Token): boolean {
    if (token.type !== 'code' || token.codeBlockStyle === 'indented') return false;
    const firstNewline = this.tail.indexOf('\n');
    if (firstNewline < 0) return false;
    const open = parseFenceOpen(this.tail.slice(0, firstNewline));
    if (!open) return false;
    const lines = this.tail.slice(firstNewline + 1).split('\n');
    if (lines.some((line) => isFenceClose(line, open))) return false;

    const doc = this.renderer.doc;
    const pre = doc.createElement('pre');
    const code = doc.createElement('code');
    const language = languageOf(open.info);
    if (language) code.className = `language-${language}`;
    const partial = doc.createTextNode('');
    code.append(partial);
    pre.append(code);
    const fragment = doc.createDocumentFragment();
    fragment.append(pre);
    this.renderer.decorate(fragment, doc);
    const block = fragment.firstElementChild;
    block?.classList.add('streaming');
    this.showLive(fragment);
    this.fence = { open, scanPos: firstNewline + 1, code, partial };
    this.growFence(this.fence);
    return true;
  }

  /** Appends the fence's new complete lines; false if one of them closes the fence. */
  private growFence(fence: OpenFence): boolean {
    let pos = fence.scanPos;
    let added = '';
    for (let nl = this.tail.indexOf('\n', pos); nl >= 0; nl = this.tail.indexOf('\n', pos)) {
      const line = this.tail.slice(pos, nl);
      if (isFenceClose(line, fence.open)) return false;
      added += dedentCodeLine(line, fence.open.indent) + '\n';
      pos = nl + 1;
    }
    fence.scanPos = pos;
    if (added) {
      // One block per flush: the browser re-lays out only the new piece, not the whole <pre>.
      const piece = this.renderer.doc.createElement('span');
      piece.className = 'code-piece';
      piece.textContent = added;
      fence.code.insertBefore(piece, fence.partial);
    }
    fence.partial.data = dedentCodeLine(this.tail.slice(pos), fence.open.indent);
    return true;
  }

  private showLive(fragment: DocumentFragment): void {
    this.live = Array.from(fragment.childNodes);
    this.container.append(fragment);
  }

  private clearLive(): void {
    for (const node of this.live) node.parentNode?.removeChild(node);
    this.live = [];
  }
}
