/**
 * One `@bedrock` answer streamed into the Chat view: with VS Code's tools when the model can call
 * them (participantTools.ts runs the loop; VS Code runs each tool, with its own confirmation in
 * the Chat view), else text only.
 */
import * as vscode from 'vscode';
import { formatKB } from '../chat/trimConversation';
import type { ChatRequest, ModelsResponse, ToolSpec } from '../protocol/wire';
import type { AnswerSource } from '../transport/streamAnswer';
import { inertText } from '../util/inertText';
import type { FittedTools } from './fitTools';
import { MAX_TOOL_ROUNDS, modelCallsTools, offeredTools, runToolLoop, runningToolText, withTools } from './participantTools';
import { toolResultContent } from './toWireRequest';

export interface ParticipantAnswerDeps {
  answer: AnswerSource;
  /** The endpoint's catalogue (undefined: a v1 endpoint, no tools); absent: answers are text only. */
  models?: (signal: AbortSignal) => Promise<ModelsResponse | undefined>;
  log: vscode.LogOutputChannel;
  /** Logs what fitting the tools to the endpoint's limits changed (fitNoteLogger: once per change). */
  logFit: (fitted: FittedTools, offeredCount: number) => void;
}

/** Streams the answer to `wire` into `stream` and returns its text; throws the transport's error. */
export async function streamParticipantAnswer(deps: ParticipantAnswerDeps, wire: ChatRequest, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, signal: AbortSignal, token: vscode.CancellationToken): Promise<string> {
  const { tools, limits } = await toolsFor(deps, wire, signal);
  if (tools.length === 0) {
    let text = '';
    for await (const event of deps.answer(wire, signal)) {
      if (event.type !== 'delta' || !event.text) continue;
      text += event.text;
      stream.markdown(event.text);
    }
    return text;
  }
  const result = await runToolLoop(withTools(wire, tools), {
    answer: deps.answer,
    signal,
    limits,
    onText: (text) => stream.markdown(text),
    onToolCall: (call) => stream.progress(runningToolText(call)),
    invoke: async (call) => {
      // The token ties the call to this chat request: VS Code shows the tool's confirmation and progress in the Chat view.
      const result = await vscode.lm.invokeTool(call.name, { input: call.input, toolInvocationToken: request.toolInvocationToken }, token);
      return toolResultContent(result.content);
    },
  });
  if (result.stoppedAtBound) stream.markdown(`\n\n_${vscode.l10n.t('Stopped after {0} rounds of tool calls: ask again to let the model go on.', MAX_TOOL_ROUNDS)}_`);
  if (result.stoppedTooLarge) stream.markdown(`\n\n_${vscode.l10n.t('Stopped: with the tools\' results the next request would be {0}, over the endpoint\'s limit of {1}. Ask again with less context.', formatKB(result.stoppedTooLarge.bytes), formatKB(result.stoppedTooLarge.maxBytes))}_`);
  return result.text;
}

/** VS Code's tools, fitted, when the model the request goes to can call tools; none otherwise. */
async function toolsFor(deps: ParticipantAnswerDeps, wire: ChatRequest, signal: AbortSignal): Promise<{ tools: ToolSpec[]; limits?: ModelsResponse['limits'] }> {
  if (!deps.models || vscode.lm.tools.length === 0) return { tools: [] };
  let catalogue: ModelsResponse | undefined;
  try {
    catalogue = await deps.models(signal);
  } catch (err) {
    // The request itself will say what is wrong with the endpoint; without the catalogue it goes without tools.
    deps.log.warn(`@bedrock: no tools for this answer, the model list failed: ${inertText(err instanceof Error ? err.message : String(err), 300)}`);
    return { tools: [] };
  }
  if (!modelCallsTools(catalogue, wire.modelId)) return { tools: [] };
  const fitted = offeredTools(vscode.lm.tools);
  deps.logFit(fitted, vscode.lm.tools.length);
  return { tools: fitted.tools, limits: catalogue?.limits };
}
