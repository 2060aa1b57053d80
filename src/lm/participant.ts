import * as vscode from 'vscode';
import type { RequestOptions } from '../chat/request';
import type { AnswerSource } from '../transport/streamAnswer';
import { inertText } from '../util/inertText';
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
  log: vscode.LogOutputChannel;
}

/** Creates `@bedrock`: a thin adapter from VS Code's chat request to the team endpoint and back. */
export function createBedrockParticipant(extensionUri: vscode.Uri, deps: ParticipantDeps): vscode.ChatParticipant {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => handle(deps, request, context, stream, token));
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'bedrock.svg');
  participant.followupProvider = {
    provideFollowups: (result) => followupsFor(typeof result.metadata?.command === 'string' ? result.metadata.command : undefined),
  };
  return participant;
}

async function handle(deps: ParticipantDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const metadata = { command: request.command ?? '' };
  const { contexts, skipped } = await referenceContext(request.references, vscode.window.activeTextEditor);
  for (const { name, reason } of skipped) stream.markdown(`_Left out ${inertText(name, 120)}: ${reason}._\n\n`);
  const wire = buildParticipantRequest({ prompt: request.prompt, command: request.command, contexts, history: historyTurns(context) }, deps.options());

  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  let answer = '';
  try {
    stream.progress('Asking the team endpoint…');
    for await (const event of deps.answer(wire, abort.signal)) {
      if (event.type !== 'delta' || !event.text) continue;
      answer += event.text;
      stream.markdown(event.text);
    }
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
    stream.button({ command: INSERT_CODE_COMMAND, arguments: [code], title: 'Insert Code at Cursor', tooltip: 'Inserts the last code block at the cursor of the active editor (replacing the selection).' });
  }
  return { metadata };
}

/** `context.history` (this participant's turns only) as plain turns: the prompt and the answer's markdown. */
function historyTurns(context: vscode.ChatContext): HistoryTurn[] {
  return context.history.map((turn): HistoryTurn => {
    if (turn instanceof vscode.ChatRequestTurn) return { kind: 'request', prompt: turn.prompt, command: turn.command };
    const text = turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
    return { kind: 'response', text: turn.result.errorDetails ? '' : text };
  });
}
