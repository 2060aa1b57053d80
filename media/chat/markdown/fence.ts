/** An opening code fence line, as marked reads it. */
export interface FenceOpen {
  /** The fence itself, e.g. "```" or "~~~~". */
  fence: string;
  /** Spaces before the fence (0–3): removed from code lines, like marked does. */
  indent: number;
  info: string;
}

const OPEN = /^( {0,3})(`{3,}(?=[^`\n]*$)|~{3,})([^\n]*)$/;

/** Parses `line` (no newline) as an opening fence, or undefined. */
export function parseFenceOpen(line: string): FenceOpen | undefined {
  const m = OPEN.exec(line);
  if (!m) return undefined;
  return { indent: m[1]!.length, fence: m[2]!, info: m[3]!.trim() };
}

/** True if `line` (no newline) closes `open` (marked: same fence, then more fence chars and spaces). */
export function isFenceClose(line: string, open: FenceOpen): boolean {
  if (!line.trimStart().startsWith(open.fence)) return false;
  const lead = line.length - line.trimStart().length;
  if (lead > 3) return false;
  return /^[~`]* *$/.test(line.slice(lead + open.fence.length));
}

/** A code line as marked shows it: up to `indent` leading spaces removed. */
export function dedentCodeLine(line: string, indent: number): string {
  if (indent === 0) return line;
  const lead = /^\s*/.exec(line)![0].length;
  return line.slice(Math.min(lead, indent));
}
