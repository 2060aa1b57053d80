/**
 * What Bedrock (and the Anthropic model behind it) rejects with a ValidationException before
 * streaming, checked by the fake so the Lambda's own validation is what users meet. Messages
 * follow Bedrock's style: its own constraint errors, and model errors prefixed
 * "The model returned the following errors: ".
 */
import { TOOL_NAME_PATTERN } from '../../src/protocol/wire';
import { cachePoints, thinkingOf, toolSpecs, type ConverseBody } from './converseRequest';
import { REDACTED_REASONING, verifyReasoning } from './fakeReasoning';

const MODEL = 'The model returned the following errors: ';
/** Bedrock's limit on cache points per request. */
export const MAX_CACHE_POINTS = 4;
/** The smallest thinking budget Bedrock accepts. */
export const MIN_THINKING_BUDGET = 1024;
const DEFAULT_MAX_TOKENS = 4096;
const TTL_ORDER: Record<string, number> = { '5m': 0, '1h': 1 };

/** The ValidationException message Bedrock answers this request with, or undefined if it is valid. */
export function validationError(body: ConverseBody): string | undefined {
  return toolErrors(body) ?? cacheErrors(body) ?? thinkingErrors(body) ?? historyErrors(body);
}

function toolErrors(body: ConverseBody): string | undefined {
  const tools = body.toolConfig?.tools ?? [];
  for (const [i, tool] of tools.entries()) {
    const name = tool.toolSpec?.name;
    if (!tool.toolSpec) continue;
    if (typeof name !== 'string' || name.length > 64) {
      return `1 validation error detected: Value '${String(name)}' at 'toolConfig.tools.${i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must have length less than or equal to 64`;
    }
    if (!TOOL_NAME_PATTERN.test(name)) {
      return `1 validation error detected: Value '${name}' at 'toolConfig.tools.${i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+`;
    }
  }
  const forced = body.toolConfig?.toolChoice?.tool?.name;
  if (forced !== undefined && !toolSpecs(body).some((t) => t.name === forced)) return `${MODEL}tool_choice.name: Tool '${forced}' not found in tools.`;
  const usesTools = (body.messages ?? []).some((m) => m.content.some((c) => c.toolUse || c.toolResult));
  if (usesTools && tools.length === 0) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  return undefined;
}

function cacheErrors(body: ConverseBody): string | undefined {
  const points = cachePoints(body);
  if (points.length > MAX_CACHE_POINTS) return `${MODEL}A maximum of ${MAX_CACHE_POINTS} blocks with cache_control may be provided. Found ${points.length}.`;
  let longest = -1;
  for (const p of points) {
    const ttl = p.ttl ?? '5m';
    if (!(ttl in TTL_ORDER)) return `1 validation error detected: Value '${ttl}' at 'cachePoint.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]`;
    if (longest >= 0 && TTL_ORDER[ttl] > longest) {
      return `${MODEL}a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Note that blocks are processed in the following order: \`tools\`, \`system\`, \`messages\`.`;
    }
    longest = longest < 0 ? TTL_ORDER[ttl] : Math.min(longest, TTL_ORDER[ttl]);
  }
  return undefined;
}

function thinkingErrors(body: ConverseBody): string | undefined {
  const thinking = thinkingOf(body);
  if (!thinking) return undefined;
  const maxTokens = body.inferenceConfig?.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (thinking.budgetTokens < MIN_THINKING_BUDGET) return `${MODEL}thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`;
  if (thinking.budgetTokens >= maxTokens) return `${MODEL}\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size`;
  const choice = body.toolConfig?.toolChoice;
  if (choice?.any || choice?.tool) return `${MODEL}Thinking may not be enabled when tool_choice forces tool use.`;
  const temperature = body.inferenceConfig?.temperature;
  if (temperature !== undefined && temperature !== 1) return `${MODEL}\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility`;
  const topP = body.inferenceConfig?.topP;
  if (topP !== undefined && topP < 0.95) return `${MODEL}\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility`;
  // The assistant turn whose tool calls the last user turn answers must start with its reasoning.
  const messages = body.messages ?? [];
  const last = messages[messages.length - 1];
  const prev = messages[messages.length - 2];
  if (last?.content.some((c) => c.toolResult) && prev?.role === 'assistant' && !prev.content[0]?.reasoningContent) {
    const found = prev.content[0]?.toolUse ? 'tool_use' : 'text';
    return `${MODEL}messages.${messages.length - 2}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns.`;
  }
  return undefined;
}

function historyErrors(body: ConverseBody): string | undefined {
  const messages = body.messages ?? [];
  for (const [i, message] of messages.entries()) {
    for (const [j, block] of message.content.entries()) {
      const reasoning = block.reasoningContent;
      if (reasoning?.reasoningText && !verifyReasoning(reasoning.reasoningText.text ?? '', reasoning.reasoningText.signature)) {
        return `${MODEL}messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
      }
      if (reasoning?.redactedContent !== undefined && reasoning.redactedContent !== REDACTED_REASONING) {
        return `${MODEL}messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`;
      }
      const id = block.toolResult?.toolUseId;
      if (id === undefined) continue;
      const prev = messages[i - 1];
      if (prev?.role !== 'assistant' || !prev.content.some((c) => c.toolUse?.toolUseId === id)) {
        return `${MODEL}messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
  }
  return undefined;
}
