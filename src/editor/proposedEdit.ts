/**
 * Where a code block goes when it is applied to a document, and the edit that puts it there.
 * Pure: offsets into the document's text, no VS Code types.
 */

/** A span of a document's text, as offsets (end exclusive). */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One replacement: `text` in place of [start, end). */
interface TextReplacement extends OffsetRange {
  text: string;
}

/** Trimmed lines shorter than this (`}`, `});`, `end`) occur everywhere and say nothing about which code a block restates. */
const MIN_SIGNIFICANT_LENGTH = 4;
/** A block that restates at least this share of the lines outside a range is a new version of the whole file. */
const WHOLE_FILE_SHARE = 0.5;

/**
 * True when `code` reads as a new version of `range` rather than of the whole document: it
 * restates less than half of the significant lines that occur only outside the range.
 */
export function looksLikeReplacement(code: string, documentText: string, range: OffsetRange): boolean {
  if (range.end <= range.start) return false;
  const inside = significantLines(documentText.slice(range.start, range.end));
  const outside = significantLines(`${documentText.slice(0, range.start)}\n${documentText.slice(range.end)}`);
  for (const line of inside) outside.delete(line);
  if (outside.size === 0) return true;
  const restated = significantLines(code);
  let repeated = 0;
  for (const line of outside) if (restated.has(line)) repeated++;
  return repeated / outside.size < WHOLE_FILE_SHARE;
}

/** The first candidate range that `code` looks like a replacement for; else the whole document. */
export function chooseRange(code: string, documentText: string, candidates: readonly (OffsetRange | undefined)[]): OffsetRange {
  for (const candidate of candidates) {
    if (candidate && looksLikeReplacement(code, documentText, candidate)) return candidate;
  }
  return { start: 0, end: documentText.length };
}

/**
 * The document with `code` in place of `range`. The code takes the document's line ending, and
 * keeps the line break the replaced text ended with (a code block has none of its own).
 */
export function proposeDocument(documentText: string, range: OffsetRange, code: string): string {
  const eol = documentText.includes('\r\n') ? '\r\n' : '\n';
  let text = eol === '\r\n' ? code.replace(/\r?\n/g, '\r\n') : code;
  const replaced = documentText.slice(range.start, range.end);
  if (replaced.endsWith('\n') && !text.endsWith('\n')) text += eol;
  return documentText.slice(0, range.start) + text + documentText.slice(range.end);
}

/**
 * The smallest single replacement that turns `before` into `after` (common start and end kept),
 * never splitting a CRLF pair or a surrogate pair.
 */
export function minimalReplacement(before: string, after: string): TextReplacement {
  const limit = Math.min(before.length, after.length);
  let head = 0;
  while (head < limit && before[head] === after[head]) head++;
  while (head > 0 && (isHighSurrogate(before, head - 1) || before[head - 1] === '\r')) head--;
  let tail = 0;
  while (tail < limit - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  while (tail > 0 && (isLowSurrogate(before, before.length - tail) || before[before.length - tail - 1] === '\r')) tail--;
  return { start: head, end: before.length - tail, text: after.slice(head, after.length - tail) };
}

function significantLines(text: string): Set<string> {
  const lines = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= MIN_SIGNIFICANT_LENGTH) lines.add(trimmed);
  }
  return lines;
}

function isHighSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}
