import type { ChatMessage } from '../protocol/wire';
import type { AttachmentInfo, PromptContext } from '../protocol/webview';
import { inertText } from '../util/inertText';
import * as l10n from '../util/l10n';
import type { ApplyTarget, Attachment } from './attachment';

/** Code the user selected, riding along with a question. */
export interface CodeContext extends PromptContext {
  code: string;
}

export const DEFAULT_SYSTEM_PROMPT =
  'You are a senior software engineer helping inside VS Code. Answer concisely in GitHub-flavoured markdown. ' +
  'Put code in fenced code blocks with a language tag.';

export const CODE_ONLY_SYSTEM_PROMPT =
  'You write code that is inserted directly into the user\'s editor at the cursor. Reply with only the code, ' +
  'no explanations, no markdown fences, no surrounding prose. Match the language, indentation and style of the context.';

/** The text sent as the user turn: the question, then the selected code (if any) in a fence. */
export function buildUserContent(question: string, context?: CodeContext): string {
  if (!context || context.code.trim() === '') return question;
  const fence = fenceFor(context.code);
  const lines = linesLabel(context.startLine, context.endLine);
  return `${question}\n\nContext: \`${context.fileName}\` (${lines}, ${context.languageId}):\n${fence}${context.languageId}\n${context.code}\n${fence}`;
}

const ATTACHMENT_KIND: Record<AttachmentInfo['kind'], string> = { selection: 'Selection', file: 'File', problems: 'Problems' };

/**
 * The text sent as the user turn of a panel question: the question, then each attachment under a
 * line naming it — code and files in a fence no backtick run inside can close, tagged with their
 * language; problems as the list they are.
 */
export function buildTurnContent(question: string, attachments: readonly Attachment[] = []): string {
  let content = question;
  for (const attachment of attachments) content += `\n\n${attachmentBlock(attachment)}`;
  return content;
}

function attachmentBlock({ info, content, languageId }: Attachment): string {
  if (info.kind === 'problems') return `${info.label}:\n${content}`;
  const where = info.detail && info.detail !== info.label ? ` (${info.detail})` : '';
  const fence = fenceFor(content);
  const language = languageId ?? '';
  return `${ATTACHMENT_KIND[info.kind]} \`${info.label}\`${where}${language ? `, ${language}` : ''}:\n${fence}${language}\n${content}\n${fence}`;
}

/** Where Apply proposes a turn's code: the first selection or file attached that has a file (and, for a selection, its range). */
export function applyTargetOf(attachments: readonly Attachment[]): ApplyTarget | undefined {
  const source = attachments.find((a) => a.uri !== undefined && (a.info.kind === 'selection' || a.info.kind === 'file'));
  if (!source?.uri) return undefined;
  return source.info.kind === 'selection' && source.range ? { uri: source.uri, range: source.range } : { uri: source.uri };
}

/** The user message that asks for the rest of an answer that stopped early. */
export const CONTINUE_PROMPT = 'Continue exactly where your previous answer stopped, without repeating anything.';

/** A backtick fence longer than any backtick run inside the code, so the code cannot close it. */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** One finished exchange, as sent back to the model on the next turn. */
export interface Exchange {
  content: string;
  answer: string;
}

/**
 * The whole conversation for a request: earlier exchanges that have an answer (so roles
 * alternate, as Bedrock requires) and then the new user turn.
 */
export function buildMessages(history: readonly Exchange[], content: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const exchange of history) {
    if (exchange.answer.trim() === '') continue;
    messages.push({ role: 'user', content: exchange.content }, { role: 'assistant', content: exchange.answer });
  }
  messages.push({ role: 'user', content });
  return messages;
}

/** The conversation for Continue: the earlier exchanges, the turn's question, its answer so far, then CONTINUE_PROMPT. */
export function buildContinueMessages(history: readonly Exchange[], turn: Exchange): ChatMessage[] {
  return [...buildMessages(history, turn.content), { role: 'assistant', content: turn.answer }, { role: 'user', content: CONTINUE_PROMPT }];
}

/** Code around the cursor for "Insert Answer at Cursor". */
export interface InsertContext {
  fileName: string;
  languageId: string;
  /** The selection that the answer replaces, if any. */
  selection: string;
  /** Lines just before the cursor, used when nothing is selected. */
  before: string;
  /** 1-based line where the selection starts (the cursor's line when nothing is selected). */
  startLine: number;
}

/**
 * Which lines of which file an insertion request carries, e.g. "app.ts lines 12-51", as inert text
 * of at most 200 characters (the file name is not ours, and this is shown); undefined when it carries no code.
 */
export function describeInsertContext(context: InsertContext): string | undefined {
  let first: number;
  let last: number;
  if (context.selection.trim()) {
    const breaks = lineBreaks(context.selection);
    first = context.startLine;
    // A selection ending at column 0 of the next line does not include that line.
    last = first + breaks - (breaks > 0 && context.selection.endsWith('\n') ? 1 : 0);
  } else if (context.before.trim()) {
    // `before` ends at the cursor: its last line is the cursor's, unless the cursor is at column 0.
    last = context.before.endsWith('\n') ? context.startLine - 1 : context.startLine;
    first = context.startLine - lineBreaks(context.before);
  } else {
    return undefined;
  }
  const label = first === last ? l10n.t('{0} line {1}', context.fileName, first) : l10n.t('{0} lines {1}–{2}', context.fileName, first, last);
  return inertText(label, 200);
}

function lineBreaks(text: string): number {
  return text.split('\n').length - 1;
}

function linesLabel(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

/** The user turn for "Insert Answer at Cursor": the request plus the code it fits into. */
export function buildInsertContent(question: string, context: InsertContext): string {
  const where = `\`${context.fileName}\` (${context.languageId})`;
  if (context.selection.trim()) {
    const fence = fenceFor(context.selection);
    return `${question}\n\nThe answer replaces this selected code in ${where}:\n${fence}${context.languageId}\n${context.selection}\n${fence}\nReply with only the replacement code.`;
  }
  if (context.before.trim()) {
    const fence = fenceFor(context.before);
    return `${question}\n\nThe answer is inserted at the cursor in ${where}, after this code:\n${fence}${context.languageId}\n${context.before}\n${fence}\nReply with only the code to insert.`;
  }
  return `${question}\n\nThe answer is inserted at the cursor in ${where}. Reply with only the code to insert.`;
}
