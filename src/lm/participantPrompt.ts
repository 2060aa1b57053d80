import { buildMessages, buildUserContent, type CodeContext, type Exchange } from '../chat/prompt';
import { buildRequest, type RequestOptions } from '../chat/request';
import type { ChatRequest } from '../protocol/wire';
import * as l10n from '../util/l10n';

/** The slash commands `@bedrock` declares in package.json (`contributes.chatParticipants`). */
export type ParticipantCommand = 'explain' | 'fix' | 'tests';

const INSTRUCTIONS: Record<ParticipantCommand, string> = {
  explain: 'Explain what the code in the context does, step by step, and point out anything surprising.',
  fix: 'Find the problems in the code in the context and fix them. Show the corrected code in one fenced code block, then say briefly what changed.',
  tests: 'Write unit tests for the code in the context, in one fenced code block, using the test framework the code already uses (or the usual one for its language).',
};

/** What a command asks for when the user typed nothing after it. */
const DEFAULT_QUESTIONS: Record<ParticipantCommand, string> = {
  explain: 'Explain this code.',
  fix: 'Fix this code.',
  tests: 'Write tests for this code.',
};

/** The command as one of ours, or undefined (a free question, or a command we do not declare). */
export function participantCommand(command: string | undefined): ParticipantCommand | undefined {
  return command === 'explain' || command === 'fix' || command === 'tests' ? command : undefined;
}

/** The question text of one turn: the command's instruction, then what the user typed. */
export function participantQuestion(prompt: string, command: string | undefined): string {
  const known = participantCommand(command);
  const typed = prompt.trim();
  if (!known) return typed;
  return `${INSTRUCTIONS[known]}\n\n${typed || DEFAULT_QUESTIONS[known]}`;
}

/** The user turn: the question, then each piece of context in its own fence (chat/prompt's buildUserContent). */
export function participantUserContent(prompt: string, command: string | undefined, contexts: readonly CodeContext[]): string {
  return contexts.reduce((content, context) => buildUserContent(content, context), participantQuestion(prompt, command));
}

/** One earlier turn of the conversation with `@bedrock`, as VS Code's chat history holds it. */
export type HistoryTurn = { kind: 'request'; prompt: string; command?: string } | { kind: 'response'; text: string };

/**
 * Earlier `@bedrock` turns as exchanges: each request paired with the response that follows it.
 * A request without a response (cancelled before any text, or failed) is left out.
 */
export function historyExchanges(turns: readonly HistoryTurn[]): Exchange[] {
  const exchanges: Exchange[] = [];
  let pending: string | undefined;
  for (const turn of turns) {
    if (turn.kind === 'request') {
      pending = participantQuestion(turn.prompt, turn.command);
    } else if (pending !== undefined) {
      exchanges.push({ content: pending, answer: turn.text });
      pending = undefined;
    }
  }
  return exchanges;
}

/** The wire request for one `@bedrock` turn: history, then the new user turn with its context. */
export function buildParticipantRequest(turn: { prompt: string; command?: string; contexts: readonly CodeContext[]; history: readonly HistoryTurn[] }, options: RequestOptions): ChatRequest {
  const content = participantUserContent(turn.prompt, turn.command, turn.contexts);
  return buildRequest(buildMessages(historyExchanges(turn.history), content), options);
}

/** The content of the last complete fenced code block in a markdown answer; undefined when there is none. */
export function lastCodeBlock(markdown: string): string | undefined {
  const lines = markdown.split('\n');
  let last: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(lines[j]);
    }
    if (j === lines.length) break; // not closed: the answer was cut inside it
    last = body.join('\n');
    i = j;
  }
  return last;
}

/** A suggested next step shown after an answer. */
export interface Followup {
  prompt: string;
  label: string;
  command?: ParticipantCommand;
}

/** The next steps that fit after an answer to `command`. */
export function followupsFor(command: string | undefined): Followup[] {
  switch (participantCommand(command)) {
    case 'explain':
      return [
        { prompt: '', command: 'fix', label: l10n.t('Fix problems in this code') },
        { prompt: '', command: 'tests', label: l10n.t('Write tests for this code') },
      ];
    case 'fix':
      return [{ prompt: '', command: 'tests', label: l10n.t('Write tests for the fix') }];
    case 'tests':
      return [{ prompt: 'Which edge cases do these tests not cover yet?', label: l10n.t('Which edge cases are missing?') }];
    default:
      return [{ prompt: '', command: 'explain', label: l10n.t('Explain the code in context') }];
  }
}

/** Largest file a `#file` reference may add to a request, in bytes; larger files are left out with a note. */
export const MAX_REFERENCE_BYTES = 100 * 1024;

/** The note for a reference over MAX_REFERENCE_BYTES. */
export function tooLargeReason(): string {
  return l10n.t('larger than {0} KB', MAX_REFERENCE_BYTES / 1024);
}

/** Why a referenced file's bytes cannot go along as text; undefined when they can. */
export function unusableReference(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength > MAX_REFERENCE_BYTES) return tooLargeReason();
  // NUL does not occur in text files: a cheap and usual test for binary content.
  if (bytes.subarray(0, 8192).includes(0)) return l10n.t('a binary file');
  return undefined;
}
