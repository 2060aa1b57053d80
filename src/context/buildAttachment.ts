import { randomUUID } from 'node:crypto';
import type { Attachment, TextPosition } from '../chat/attachment';
import { inertText } from '../util/inertText';
import * as l10n from '../util/l10n';

/** Long enough for a deep relative path in a tooltip; the middle is cut beyond it. */
const MAX_DETAIL = 200;
/** A chip's label stays short; the middle is cut beyond it. */
const MAX_LABEL = 60;
/** More problems than this are summarized as "… and N more". */
const MAX_PROBLEMS = 200;
/** A problem's source line is quoted up to this many characters. */
const MAX_QUOTED_LINE = 200;

/** A text document (or file) as the builders need it: no VS Code types. */
export interface SourceText {
  /** The document's URI as a string. */
  uri: string;
  /** The workspace-relative path (or the untitled name). */
  relativePath: string;
  languageId: string;
  text: string;
}

/** One diagnostic of a document, plain. */
export interface Problem {
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** 0-based, as vscode.Range. */
  line: number;
  character: number;
  message: string;
  source?: string;
  code?: string;
}

/** A whole file (or an open document's text) as an attachment. */
export function fileAttachment(file: SourceText): Attachment {
  return {
    info: { id: randomUUID(), kind: 'file', label: inertText(baseName(file.relativePath), MAX_LABEL), detail: inertText(file.relativePath, MAX_DETAIL), bytes: utf8Bytes(file.text) },
    content: file.text,
    languageId: file.languageId,
    uri: file.uri,
  };
}

/** Selected text of a document (`file.text` is the selection) as an attachment labelled "app.ts:12-40". */
export function selectionAttachmentOf(file: SourceText, range: { start: TextPosition; end: TextPosition }): Attachment {
  const lines = lineSpan(range);
  const where = `${file.relativePath}:${lines}`;
  return {
    info: { id: randomUUID(), kind: 'selection', label: inertText(`${baseName(file.relativePath)}:${lines}`, MAX_LABEL), detail: inertText(where, MAX_DETAIL), bytes: utf8Bytes(file.text) },
    content: file.text,
    languageId: file.languageId,
    uri: file.uri,
    range,
  };
}

/**
 * A document's problems as a list, one per line ("- error at 12:5: message (ts 2304)", then the
 * source line after "line:"), labelled "Problems in app.ts (3)"; undefined when there are none.
 * `lineText` gives a 0-based line of the document.
 */
export function problemsAttachment(file: Omit<SourceText, 'text'>, problems: readonly Problem[], lineText: (line: number) => string | undefined): Attachment | undefined {
  if (problems.length === 0) return undefined;
  const sorted = [...problems].sort((a, b) => a.line - b.line || a.character - b.character);
  const lines = sorted.slice(0, MAX_PROBLEMS).map((p) => problemLine(p, lineText(p.line)));
  if (sorted.length > MAX_PROBLEMS) lines.push(`- … and ${sorted.length - MAX_PROBLEMS} more`);
  const content = `Problems reported in ${file.relativePath}:\n${lines.join('\n')}`;
  const name = baseName(file.relativePath);
  return {
    info: { id: randomUUID(), kind: 'problems', label: l10n.t('Problems in {0} ({1})', inertText(name, MAX_LABEL), problems.length), detail: inertText(file.relativePath, MAX_DETAIL), bytes: utf8Bytes(content) },
    content,
    languageId: file.languageId,
    uri: file.uri,
  };
}

/** What makes two attachments the same (the same file, the same selection, the same file's problems): adding it again replaces it. */
export function attachmentKey(attachment: Attachment): string {
  const { range } = attachment;
  const where = range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : '';
  return `${attachment.info.kind}|${attachment.uri ?? attachment.info.label}|${where}`;
}

/** The file extension as a fence language tag (good enough for a model, as `#file` references do); `text` without one. */
export function languageFromFileName(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : 'text';
}

/** The last segment of a path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/** "12-40" (1-based lines); a selection that ends at column 0 of a line does not include that line. */
function lineSpan(range: { start: TextPosition; end: TextPosition }): string {
  const first = range.start.line + 1;
  const endsAtLineStart = range.end.character === 0 && range.end.line > range.start.line;
  const last = (endsAtLineStart ? range.end.line - 1 : range.end.line) + 1;
  return first === last ? `${first}` : `${first}-${last}`;
}

function problemLine(problem: Problem, line: string | undefined): string {
  const origin = [problem.source, problem.code].filter(Boolean).join(' ');
  const head = `- ${problem.severity} at ${problem.line + 1}:${problem.character + 1}: ${problem.message.replace(/\s+/g, ' ').trim()}${origin ? ` (${origin})` : ''}`;
  const quoted = line?.trim().slice(0, MAX_QUOTED_LINE);
  return quoted ? `${head}\n  line: ${quoted}` : head;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
