/**
 * `@bedrock`'s own tool loop: VS Code's tools (terminal, tasks, … whatever the host registered)
 * offered to the team endpoint's model, each call run by VS Code (with VS Code's own
 * confirmation), its result sent back, until the model answers in text. Without Copilot, VS Code's
 * agent mode cannot run (it is the Copilot Chat extension's agent); this loop needs nothing but
 * the stable vscode.lm tool API. Pure (type-only imports), so it is tested without VS Code.
 */
import { BODY_MARGIN_BYTES, formatKB, trimConversation } from '../chat/trimConversation';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGES, isRecord, PROTOCOL_VERSION_2, type ChatMessage, type ChatRequest, type ContentBlock, type ModelsResponse, type ToolResultContent, type ToolSpec } from '../protocol/wire';
import type { AnswerSource } from '../transport/streamAnswer';
import { inertText } from '../util/inertText';
import * as l10n from '../util/l10n';
import { fitTools, type FittedTools } from './fitTools';
import { toolSpec, type LmTool } from './toWireRequest';

/** At most this many requests to the model per question; a model still calling tools then is stopped. */
export const MAX_TOOL_ROUNDS = 10;

/** One tool result's text is cut at this many UTF-8 bytes (or a quarter of the endpoint's body limit, if smaller). */
export const MAX_TOOL_RESULT_BYTES = 64 * 1024;

/** One tool call the model made. */
export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ToolLoopDeps {
  /** The one transport (EndpointClient.stream). */
  answer: AnswerSource;
  /** Runs one call through VS Code (which asks for its confirmation); throws when the tool fails or is declined. */
  invoke(call: ToolCall): Promise<ToolResultContent[]>;
  /** Text as it streams in. */
  onText(text: string): void;
  /** Called before a call runs (progress in the Chat view). */
  onToolCall(call: ToolCall): void;
  signal: AbortSignal;
  maxRounds?: number;
  /** The endpoint's request limits (its /models catalogue); the v1 defaults when absent. */
  limits?: { maxBodyBytes: number; maxMessages: number };
}

export interface ToolLoopResult {
  /** All the text the model wrote, every round. */
  text: string;
  /** Requests sent to the model. */
  rounds: number;
  /** True when the model still called tools after the last allowed round: those calls did not run. */
  stoppedAtBound: boolean;
  /** Set when the next round would not fit the endpoint's limits: it was not sent. */
  stoppedTooLarge?: { bytes: number; maxBytes: number };
}

/**
 * VS Code's plumbing for its own agents, not tools for a model (VS Code 1.139 tags none of its
 * tools, so names it is): the confirmation helpers, the `_internal` backings of Copilot's tools,
 * the setup agent's and inline chat's tools, and the agent's "task complete" signal.
 */
const PLUMBING = /_internal$|^vscode_get_\w*confirmation|^setup_tools_|^inline_chat_|^task_complete$/;

/**
 * The tools `@bedrock` offers, fitted to the endpoint's limits (fitTools): every tool VS Code has
 * registered (its own — terminal, tasks, code usages, rename, todo list — then the extensions' and
 * MCP servers'), except VS Code's plumbing. Whether a call may run is VS Code's decision when it
 * is invoked (its confirmation), not ours.
 */
export function offeredTools(registered: readonly LmTool[]): FittedTools {
  return fitTools(registered.filter((tool) => !PLUMBING.test(tool.name)).map(toolSpec));
}

/** Whether the model a participant request goes to can call tools: a v2 catalogue entry with `tools: true`. */
export function modelCallsTools(catalogue: ModelsResponse | undefined, modelId: string | undefined): boolean {
  if (!catalogue) return false;
  const id = modelId || catalogue.defaultModel;
  return catalogue.models.some((m) => m.id === id && m.tools);
}

/** The request with the tools attached, as a v2 request. */
export function withTools(request: ChatRequest, tools: readonly ToolSpec[]): ChatRequest {
  return { ...request, protocol: PROTOCOL_VERSION_2, tools: [...tools] };
}

/**
 * Sends `request`; while the model answers with tool calls, runs them (in order, one at a time:
 * each may ask the user), appends the calls and their results to the conversation and asks
 * again, at most `maxRounds` times. A tool that fails or is declined becomes a result with
 * status `error` and the reason, so the model can say so or try another way. Cancellation
 * (`signal`) stops the loop: the transport's abort error, or the tool's, is thrown.
 */
export async function runToolLoop(request: ChatRequest, deps: ToolLoopDeps): Promise<ToolLoopResult> {
  const maxRounds = deps.maxRounds ?? MAX_TOOL_ROUNDS;
  const limits = deps.limits ?? { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, maxMessages: DEFAULT_MAX_MESSAGES };
  const resultCap = Math.min(MAX_TOOL_RESULT_BYTES, Math.floor(limits.maxBodyBytes / 4));
  const offered = new Set((request.tools ?? []).map((tool) => tool.name));
  const messages: ChatMessage[] = [...(request.messages ?? [])];
  // The question and everything after it are never dropped to fit; only earlier exchanges are.
  const firstKept = Math.max(0, messages.length - 1);
  let text = '';
  for (let round = 1; round <= maxRounds; round++) {
    // After the first round the last turn is tool results, not a prompt an old endpoint could read.
    const { prompt: _prompt, ...rest } = request;
    let body: ChatRequest = request;
    if (round > 1) {
      const maxBytes = limits.maxBodyBytes - BODY_MARGIN_BYTES;
      const fitted = trimConversation({ ...rest, messages }, { maxBytes, maxMessages: limits.maxMessages, keepLast: messages.length - firstKept });
      if (!fitted.fits) return { text, rounds: round - 1, stoppedAtBound: false, stoppedTooLarge: { bytes: fitted.bytes, maxBytes } };
      body = fitted.request;
    }
    let roundText = '';
    const calls: ToolCall[] = [];
    for await (const event of deps.answer(body, deps.signal)) {
      if (event.type === 'delta' && event.text) {
        // Text after a round of tool calls starts a new paragraph.
        const piece = roundText === '' && text !== '' && !text.endsWith('\n\n') ? `\n\n${event.text}` : event.text;
        roundText += event.text;
        text += piece;
        deps.onText(piece);
      } else if (event.type === 'toolUse') {
        calls.push({ id: event.id, name: event.name, input: isRecord(event.input) ? event.input : {} });
      }
    }
    if (calls.length === 0) return { text, rounds: round, stoppedAtBound: false };
    if (round === maxRounds) return { text, rounds: round, stoppedAtBound: true };
    const assistant: ContentBlock[] = [...(roundText.trim() ? [{ type: 'text' as const, text: roundText }] : []), ...calls.map((c) => ({ type: 'toolUse' as const, id: c.id, name: c.name, input: c.input }))];
    const results: ContentBlock[] = [];
    for (const call of calls) {
      deps.onToolCall(call);
      results.push(offered.has(call.name) ? await runOne(call, deps, resultCap) : notOffered(call));
    }
    messages.push({ role: 'assistant', content: assistant }, { role: 'user', content: results });
  }
  return { text, rounds: maxRounds, stoppedAtBound: true };
}

/** The progress line while `call` runs; the name is the model's, so it is made inert (no command links, no icons). */
export function runningToolText(call: ToolCall): string {
  return l10n.t('Running {0}…', inertText(call.name, 100));
}

/** The answer to a call of a tool this request did not offer: it is never invoked (a model, or an endpoint, may name any tool). */
function notOffered(call: ToolCall): ContentBlock {
  return { type: 'toolResult', id: call.id, content: [{ type: 'text', text: `The tool ${call.name} was not offered.` }], status: 'error' };
}

async function runOne(call: ToolCall, deps: ToolLoopDeps, resultCap: number): Promise<ContentBlock> {
  try {
    const content = await deps.invoke(call);
    return { type: 'toolResult', id: call.id, content: content.length > 0 ? capToolResult(content, resultCap) : [{ type: 'text', text: '(no output)' }] };
  } catch (err) {
    if (deps.signal.aborted) throw err;
    const reason = err instanceof Error ? err.message || err.name : String(err);
    return { type: 'toolResult', id: call.id, content: [{ type: 'text', text: `The tool ${call.name} failed: ${reason}` }], status: 'error' };
  }
}

/** `content` cut to `maxBytes` UTF-8 bytes of text (JSON counts as its text), with a note of how much was cut. */
export function capToolResult(content: readonly ToolResultContent[], maxBytes: number): ToolResultContent[] {
  const kept: ToolResultContent[] = [];
  let left = maxBytes;
  let cut = 0;
  for (const piece of content) {
    const pieceText = piece.type === 'text' ? piece.text : JSON.stringify(piece.json) ?? '';
    const bytes = Buffer.byteLength(pieceText, 'utf8');
    if (bytes <= left) {
      kept.push(piece);
      left -= bytes;
      continue;
    }
    // A cut through a multi-byte character decodes to U+FFFD: drop it.
    if (left > 0) kept.push({ type: 'text', text: Buffer.from(pieceText, 'utf8').subarray(0, left).toString('utf8').replace(/\uFFFD$/, '') });
    cut += bytes - left;
    left = 0;
  }
  if (cut > 0) kept.push({ type: 'text', text: `[… cut: ${formatKB(cut)} more]` });
  return kept;
}

