import type { AnswerStats } from '../protocol/webview';
import * as l10n from '../util/l10n';
import type { StoredConversation, StoredTurn } from './conversation';
import { totalCostUsd } from './cost';

/** A conversation as a markdown document: the title, then each question (with what was attached) and its answer. */
export function conversationMarkdown(conversation: StoredConversation): string {
  const turns = conversation.turns;
  const cost = totalCostUsd(turns.map((t) => t.stats?.costUsd));
  const facts = [
    'Ask Bedrock',
    turns.length === 1 ? l10n.t('1 question') : l10n.t('{0} questions', turns.length),
    l10n.t('last updated {0}', new Date(conversation.updatedAt).toISOString().slice(0, 10)),
  ];
  if (cost !== undefined) facts.push(formatUsd(cost));
  const parts = [`# ${oneLine(conversation.title) || l10n.t('Chat')}`, `*${facts.join(' · ')}*`];
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
  const parts = ['---', `## ${l10n.t('You')}`, turn.prompt.trim() || `*${l10n.t('(empty question)')}*`];
  const attached = attachedLine(turn);
  if (attached) parts.push(attached);
  parts.push(turn.stats?.model ? `## Bedrock · ${oneLine(turn.stats.model)}` : '## Bedrock');
  if (turn.reasoning?.trim()) parts.push(quote(`**${l10n.t('Thinking')}**\n\n${turn.reasoning.trim()}`));
  else if (turn.reasoningRedacted) parts.push(quote(`*${l10n.t('Reasoning hidden by the model (redacted).')}*`));
  if (turn.answer.trim()) parts.push(closeOpenFence(turn.answer.trim()));
  const stats = statsLine(turn.stats);
  if (stats) parts.push(`*${stats}*`);
  if (turn.status === 'stopped') parts.push(quote(l10n.t('Stopped.')));
  if (turn.status === 'error') parts.push(quote(`**${l10n.t('Error:')}** ${oneLine(turn.error?.message ?? l10n.t('the answer failed.'))}`));
  return parts;
}

function attachedLine(turn: StoredTurn): string | undefined {
  const items = (turn.attachments ?? []).map((a) => `${code(a.label)} (${formatBytes(a.bytes)})`);
  if (turn.context) items.push(l10n.t('{0} lines {1}–{2}', code(turn.context.fileName), turn.context.startLine, turn.context.endLine));
  return items.length ? l10n.t('Attached: {0}', items.join(' · ')) : undefined;
}

function statsLine(stats: AnswerStats | undefined): string {
  if (!stats) return '';
  const parts: string[] = [];
  if (stats.inputTokens !== undefined) parts.push(l10n.t('{0} tokens in', stats.inputTokens.toLocaleString('en-US')));
  if (stats.outputTokens !== undefined) parts.push(l10n.t('{0} out', stats.outputTokens.toLocaleString('en-US')));
  if (stats.cacheReadInputTokens) parts.push(l10n.t('{0} cache read', stats.cacheReadInputTokens.toLocaleString('en-US')));
  if (stats.cacheWriteInputTokens) parts.push(l10n.t('{0} cache write', stats.cacheWriteInputTokens.toLocaleString('en-US')));
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
