import type { AnswerStats } from '../protocol/webview';
import type { StoredConversation, StoredTurn } from './conversation';
import { totalCostUsd } from './cost';

/** A conversation as a markdown document: the title, then each question (with what was attached) and its answer. */
export function conversationMarkdown(conversation: StoredConversation): string {
  const turns = conversation.turns;
  const cost = totalCostUsd(turns.map((t) => t.stats?.costUsd));
  const facts = [`Ask Bedrock`, `${turns.length} ${turns.length === 1 ? 'question' : 'questions'}`, `last updated ${new Date(conversation.updatedAt).toISOString().slice(0, 10)}`];
  if (cost !== undefined) facts.push(formatUsd(cost));
  const parts = [`# ${oneLine(conversation.title) || 'Chat'}`, `*${facts.join(' · ')}*`];
  for (const turn of turns) parts.push(...turnMarkdown(turn));
  return `${parts.join('\n\n')}\n`;
}

/** A file name for the export from the title: lower-case words joined by dashes. */
export function exportFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'chat'}.md`;
}

/** USD as the panel shows it: 4 decimals under $1, else 2. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

function turnMarkdown(turn: StoredTurn): string[] {
  const parts = ['---', '## You', turn.prompt.trim() || '*(empty question)*'];
  const attached = attachedLine(turn);
  if (attached) parts.push(attached);
  parts.push(turn.stats?.model ? `## Bedrock · ${oneLine(turn.stats.model)}` : '## Bedrock');
  if (turn.reasoning?.trim()) parts.push(quote(`**Thinking**\n\n${turn.reasoning.trim()}`));
  else if (turn.reasoningRedacted) parts.push(quote('*Reasoning hidden by the model (redacted).*'));
  if (turn.answer.trim()) parts.push(closeOpenFence(turn.answer.trim()));
  const stats = statsLine(turn.stats);
  if (stats) parts.push(`*${stats}*`);
  if (turn.status === 'stopped') parts.push(quote('Stopped.'));
  if (turn.status === 'error') parts.push(quote(`**Error:** ${oneLine(turn.error?.message ?? 'the answer failed.')}`));
  return parts;
}

function attachedLine(turn: StoredTurn): string | undefined {
  const items = (turn.attachments ?? []).map((a) => `${code(a.label)} (${formatBytes(a.bytes)})`);
  if (turn.context) items.push(`${code(turn.context.fileName)} lines ${turn.context.startLine}–${turn.context.endLine}`);
  return items.length ? `Attached: ${items.join(' · ')}` : undefined;
}

function statsLine(stats: AnswerStats | undefined): string {
  if (!stats) return '';
  const parts: string[] = [];
  if (stats.inputTokens !== undefined) parts.push(`${stats.inputTokens.toLocaleString('en-US')} tokens in`);
  if (stats.outputTokens !== undefined) parts.push(`${stats.outputTokens.toLocaleString('en-US')} out`);
  if (stats.cacheReadInputTokens) parts.push(`${stats.cacheReadInputTokens.toLocaleString('en-US')} cache read`);
  if (stats.cacheWriteInputTokens) parts.push(`${stats.cacheWriteInputTokens.toLocaleString('en-US')} cache write`);
  if (stats.costUsd !== undefined) parts.push(formatUsd(stats.costUsd));
  return parts.join(' · ');
}

/** An answer stopped inside a code block would swallow the rest of the document: close its fence. */
function closeOpenFence(markdown: string): string {
  let open: string | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (!fence) continue;
    if (!open) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
  }
  return open ? `${markdown}\n${open}` : markdown;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Inline code that its own text cannot close. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${longest ? ' ' : ''}${oneLine(text)}${longest ? ' ' : ''}${ticks}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
