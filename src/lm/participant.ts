import * as vscode from 'vscode';
import type { ApplyTarget } from '../chat/attachment';
import type { RequestOptions } from '../chat/request';
import { APPLY_CODE_COMMAND } from '../editor/applyProposal';
import type { AnswerSource } from '../transport/streamAnswer';
import { inertText } from '../util/inertText';
import type { ModelsResponse } from '../protocol/wire';
import { fitNoteLogger } from './fitTools';
import { streamParticipantAnswer, type ParticipantAnswerDeps } from './participantAnswer';
import { buildParticipantRequest, followupsFor, lastCodeBlock, type HistoryTurn } from './participantPrompt';
import { referenceContext } from './references';

/** The participant's id, as declared in package.json (`contributes.chatParticipants`). */
export const PARTICIPANT_ID = 'askBedrock.bedrock';

/** The command the "Insert at Cursor" button runs with the last code block's text. */
export const INSERT_CODE_COMMAND = 'askBedrock.insertCodeBlock';

export interface ParticipantDeps {
  /** The one transport (EndpointClient.stream). */
  answer: AnswerSource;
  /** System prompt and the model the user picked in the panel (empty: the endpoint's default). */
  options: () => RequestOptions;
  /** The endpoint's catalogue (EndpointClient.models): a model with tools gets VS Code's tools. */
  models?: (signal: AbortSignal) => Promise<ModelsResponse | undefined>;
  log: vscode.LogOutputChannel;
}

/** Creates `@bedrock`: a thin adapter from VS Code's chat request to the team endpoint and back. */
export function createBedrockParticipant(extensionUri: vscode.Uri, deps: ParticipantDeps): vscode.ChatParticipant {
  const answerDeps = { ...deps, logFit: fitNoteLogger((note) => deps.log.warn(`@bedrock: ${note}`)) };
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => handle(answerDeps, request, context, stream, token));
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'bedrock.svg');
  participant.followupProvider = {
    provideFollowups: (result) => followupsFor(typeof result.metadata?.command === 'string' ? result.metadata.command : undefined),
  };
  return participant;
}

async function handle(deps: ParticipantDeps & ParticipantAnswerDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const metadata = { command: request.command ?? '' };
  const { contexts, skipped } = await referenceContext(request.references, vscode.window.activeTextEditor);
  for (const { name, reason } of skipped) stream.markdown(`_${vscode.l10n.t('Left out {0}: {1}.', inertText(name, 120), reason)}_\n\n`);
  const wire = buildParticipantRequest({ prompt: request.prompt, command: request.command, contexts, history: historyTurns(context) }, deps.options());

  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  let answer = '';
  try {
    stream.progress(vscode.l10n.t('Asking the team endpoint…'));
    answer = await streamParticipantAnswer(deps, wire, request, stream, abort.signal, token);
  } catch (err) {
    if (token.isCancellationRequested) return { metadata };
    const message = err instanceof Error ? err.message : String(err);
    deps.log.warn(`@bedrock: ${message}`);
    return { errorDetails: { message: inertText(message, 500) }, metadata };
  } finally {
    cancelled.dispose();
  }
  const code = lastCodeBlock(answer);
  if (code !== undefined) {
    const target = applyTarget(request.references, vscode.window.activeTextEditor);
    stream.button({ command: APPLY_CODE_COMMAND, arguments: [code, target], title: vscode.l10n.t('Apply…'), tooltip: vscode.l10n.t('Shows the last code block as a change to the file the question was about (or the active editor), to accept or reject.') });
    stream.button({ command: INSERT_CODE_COMMAND, arguments: [code], title: vscode.l10n.t('Insert Code at Cursor'), tooltip: vscode.l10n.t('Inserts the last code block at the cursor of the active editor (replacing the selection).') });
  }
  return { metadata };
}

/**
 * Where Apply proposes the answer's code: the first file or range the user referenced, else the
 * active editor's selection (what the question was about); undefined: the active editor at click time.
 * Plain JSON, as a chat button's arguments must be.
 */
export function applyTarget(references: readonly vscode.ChatPromptReference[], editor: vscode.TextEditor | undefined): ApplyTarget | undefined {
  // VS Code lists references last-in-prompt first.
  for (const { value } of [...references].reverse()) {
    if (value instanceof vscode.Uri) return { uri: value.toString() };
    if (value instanceof vscode.Location) return { uri: value.uri.toString(), range: plainRange(value.range) };
  }
  if (editor && !editor.selection.isEmpty) return { uri: editor.document.uri.toString(), range: plainRange(editor.selection) };
  return undefined;
}

function plainRange(range: vscode.Range): NonNullable<ApplyTarget['range']> {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

/** `context.history` (this participant's turns only) as plain turns: the prompt and the answer's markdown. */
function historyTurns(context: vscode.ChatContext): HistoryTurn[] {
  return context.history.map((turn): HistoryTurn => {
    if (turn instanceof vscode.ChatRequestTurn) return { kind: 'request', prompt: turn.prompt, command: turn.command };
    const text = turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
    return { kind: 'response', text: turn.result.errorDetails ? '' : text };
  });
}
