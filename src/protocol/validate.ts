/**
 * Server-side validation of a request body (wire protocol v1 and v2). The Lambda imports it; the
 * extension only builds requests, so it never loads this file. No imports outside protocol/.
 */
import {
  DEFAULT_MAX_MESSAGES,
  ErrorCode,
  isRecord,
  PROTOCOL_VERSION_2,
  TOOL_NAME_PATTERN,
  type ChatMessage,
  type ChatRequest,
  type ChatRole,
  type ContentBlock,
  type ToolResultContent,
  type ToolSpec,
} from './wire';

/** At most this many tools per request (Bedrock's own limit is higher; more only costs tokens). */
export const MAX_TOOLS = 64;
/** The `tools` array, as JSON, must fit in this many characters. */
export const MAX_TOOLS_JSON_CHARS = 64 * 1024;
/** At most this many content blocks in one message. */
export const MAX_BLOCKS_PER_MESSAGE = 100;
/** Bedrock's minimum reasoning budget for Claude thinking. */
export const MIN_REASONING_BUDGET = 1024;

/** With reasoning on, maxTokens keeps at least this many tokens for the answer after the budget (the endpoint and the extension both raise it so). */
export const MIN_ANSWER_TOKENS = 1024;

/**
 * Bedrock wants maxTokens above the reasoning budget: maxTokens raised to the budget plus
 * MIN_ANSWER_TOKENS, at most to `ceiling`, and the budget lowered to what is left; undefined when
 * not even MIN_REASONING_BUDGET fits (reasoning off). The endpoint and the extension both fit so.
 */
export function fitReasoningTokens(maxTokens: number, budgetTokens: number, ceiling: number): { maxTokens: number; budgetTokens: number } | undefined {
  const raised = Math.min(ceiling, Math.max(maxTokens, budgetTokens + MIN_ANSWER_TOKENS));
  const budget = Math.min(budgetTokens, raised - MIN_ANSWER_TOKENS);
  return budget < MIN_REASONING_BUDGET ? undefined : { maxTokens: raised, budgetTokens: budget };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A request after validation: always a whole conversation ending in a user turn (`prompt` and
 * `message` folded into `messages`). The v2 fields only come with `protocol: 2`.
 */
export interface ValidatedRequest extends Omit<ChatRequest, 'prompt' | 'message' | 'messages'> {
  messages: ChatMessage[];
}

export type ValidationResult =
  | { ok: true; value: ValidatedRequest }
  | { ok: false; code: string; message: string };

/** Limits a deployment puts on a request, beyond its shape. */
export interface RequestLimits {
  /** At most this many entries in `messages` (default DEFAULT_MAX_MESSAGES). */
  maxMessages?: number;
}

/**
 * Parses and validates a raw request body (a JSON string). Never throws.
 * Error messages never quote the body: JSON.parse's own message does, so only its position is kept.
 */
export function parseRequest(body: string, limits: RequestLimits = {}): ValidationResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    const position = /\bposition (\d+)/.exec((err as Error).message)?.[1];
    return invalid(`Request body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}.`);
  }
  return validateRequest(json, limits);
}

/** Validates a decoded request body and normalizes it to a conversation. Never throws; messages never quote the input. */
export function validateRequest(input: unknown, limits: RequestLimits = {}): ValidationResult {
  if (!isRecord(input)) {
    return invalid('Request body must be a JSON object.');
  }
  for (const key of ['prompt', 'message', 'system', 'modelId'] as const) {
    if (input[key] !== undefined && typeof input[key] !== 'string') {
      return invalid(`"${key}" must be a string.`);
    }
  }
  const system = input.system as string | undefined;
  const modelId = input.modelId as string | undefined;
  if (modelId !== undefined && modelId.trim() === '') {
    return invalid('"modelId" must not be empty.');
  }

  const maxTokens = input.maxTokens;
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return invalid('"maxTokens" must be a positive integer.');
  }
  const temperature = input.temperature;
  if (
    temperature !== undefined &&
    (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0 || temperature > 1)
  ) {
    return invalid('"temperature" must be a number from 0 to 1.');
  }

  const protocol = input.protocol;
  if (protocol !== undefined && protocol !== 1 && protocol !== PROTOCOL_VERSION_2) {
    return invalid(`"protocol" must be 1 or ${PROTOCOL_VERSION_2}.`);
  }
  const v2 = protocol === PROTOCOL_VERSION_2;
  if (!v2) {
    for (const key of ['tools', 'toolChoice', 'reasoning', 'cache'] as const) {
      if (input[key] !== undefined) return invalid(`"${key}" needs "protocol": ${PROTOCOL_VERSION_2}.`);
    }
  }
  const options = v2 ? validateV2Options(input) : {};
  if (typeof options === 'string') return invalid(options);

  let messages: ChatMessage[];
  if (input.messages !== undefined) {
    const checked = validateMessages(input.messages, limits.maxMessages ?? DEFAULT_MAX_MESSAGES, v2, options.tools !== undefined);
    if (typeof checked === 'string') {
      return invalid(checked);
    }
    messages = checked;
  } else {
    const prompt = (input.prompt ?? input.message) as string | undefined;
    if (prompt === undefined || prompt.trim() === '') {
      return invalid('Send a non-empty "prompt" (or "messages" ending in a user turn).');
    }
    messages = [{ role: 'user', content: prompt }];
  }

  const value: ValidatedRequest = { messages };
  if (system !== undefined && system.trim() !== '') value.system = system;
  if (modelId !== undefined) value.modelId = modelId;
  if (maxTokens !== undefined) value.maxTokens = maxTokens as number;
  if (temperature !== undefined) value.temperature = temperature as number;
  if (v2) Object.assign(value, { protocol: PROTOCOL_VERSION_2 }, options);
  return { ok: true, value };
}

type V2Options = Pick<ValidatedRequest, 'tools' | 'toolChoice' | 'reasoning' | 'cache'>;

function validateV2Options(input: Record<string, unknown>): V2Options | string {
  const options: V2Options = {};
  if (input.tools !== undefined) {
    const tools = validateTools(input.tools);
    if (typeof tools === 'string') return tools;
    options.tools = tools;
  }
  if (input.toolChoice !== undefined) {
    if (!options.tools) return '"toolChoice" needs "tools".';
    const choice = input.toolChoice;
    if (choice === 'auto' || choice === 'any') options.toolChoice = choice;
    else if (isRecord(choice) && typeof choice.name === 'string') {
      const name = choice.name;
      if (!options.tools.some((t) => t.name === name)) return '"toolChoice.name" must name one of "tools".';
      options.toolChoice = { name };
    } else return '"toolChoice" must be "auto", "any" or {"name": "<tool>"}.';
  }
  if (input.reasoning !== undefined) {
    const budget = isRecord(input.reasoning) ? input.reasoning.budgetTokens : undefined;
    if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < MIN_REASONING_BUDGET) {
      return `"reasoning" must be {"budgetTokens": <integer of at least ${MIN_REASONING_BUDGET}>}.`;
    }
    options.reasoning = { budgetTokens: budget };
  }
  if (input.cache !== undefined) {
    if (typeof input.cache !== 'boolean') return '"cache" must be true or false.';
    options.cache = input.cache;
  }
  return options;
}

function validateTools(raw: unknown): ToolSpec[] | string {
  if (!Array.isArray(raw) || raw.length === 0) return '"tools" must be a non-empty array.';
  if (raw.length > MAX_TOOLS) return `"tools" has ${raw.length} entries; at most ${MAX_TOOLS} are accepted.`;
  const tools: ToolSpec[] = [];
  for (const [i, t] of raw.entries()) {
    if (!isRecord(t)) return `tools[${i}] must be an object.`;
    if (typeof t.name !== 'string' || !TOOL_NAME_PATTERN.test(t.name)) return `tools[${i}].name must be 1–64 letters, digits, "_" or "-".`;
    if (tools.some((other) => other.name === t.name)) return `tools[${i}].name repeats an earlier tool's name.`;
    if (t.description !== undefined && (typeof t.description !== 'string' || t.description.trim() === '')) {
      return `tools[${i}].description must be a non-empty string.`;
    }
    if (!isRecord(t.inputSchema)) return `tools[${i}].inputSchema must be a JSON Schema object.`;
    tools.push({ name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), inputSchema: t.inputSchema });
  }
  const size = JSON.stringify(tools).length;
  if (size > MAX_TOOLS_JSON_CHARS) return `"tools" is ${size} characters as JSON; at most ${MAX_TOOLS_JSON_CHARS} are accepted.`;
  return tools;
}

function validateMessages(raw: unknown, maxMessages: number, v2 = false, hasTools = false): ChatMessage[] | string {
  if (!Array.isArray(raw) || raw.length === 0) {
    return '"messages" must be a non-empty array.';
  }
  if (raw.length > maxMessages) {
    return `"messages" has ${raw.length} entries; this endpoint accepts at most ${maxMessages}. Start a new conversation or leave out earlier turns.`;
  }
  const messages: ChatMessage[] = [];
  for (const [i, m] of raw.entries()) {
    if (!isRecord(m)) return `messages[${i}] must be an object.`;
    if (m.role !== 'user' && m.role !== 'assistant') {
      return `messages[${i}].role must be "user" or "assistant".`;
    }
    const expected: ChatRole = i % 2 === 0 ? 'user' : 'assistant';
    if (v2 && Array.isArray(m.content)) {
      if (m.role !== expected) return alternationError(i, m.role);
      const previous = messages[i - 1]?.content;
      const blocks = validateBlocks(m.content, `messages[${i}]`, m.role, typeof previous === 'string' ? [] : toolUseIds(previous ?? []));
      if (typeof blocks === 'string') return blocks;
      if (!hasTools && blocks.some((b) => b.type === 'toolUse' || b.type === 'toolResult')) {
        return `messages[${i}] has tool blocks: send the "tools" too.`;
      }
      messages.push({ role: m.role, content: blocks });
    } else {
      if (typeof m.content !== 'string' || m.content.trim() === '') {
        return v2 ? `messages[${i}].content must be a non-empty string or an array of content blocks.` : `messages[${i}].content must be a non-empty string.`;
      }
      if (m.role !== expected) return alternationError(i, m.role);
      messages.push({ role: m.role, content: m.content });
    }
    const asked = i > 0 ? toolUseIds(messages[i - 1].content) : [];
    const answered = new Set(toolResultIds(messages[i].content));
    if (m.role === 'user' && asked.some((id) => !answered.has(id))) {
      return `messages[${i}] must answer every toolUse of messages[${i - 1}] with a toolResult.`;
    }
  }
  if (messages[messages.length - 1].role !== 'user') {
    return '"messages" must end with a user turn.';
  }
  return messages;
}

function alternationError(i: number, role: ChatRole): string {
  return `messages must alternate user and assistant, starting with user (messages[${i}] is ${role === 'user' ? 'a user' : 'an assistant'} turn).`;
}

/** Checks the blocks of one message; `askedIds` are the toolUse ids of the turn before (a toolResult must answer one). */
function validateBlocks(raw: unknown[], where: string, role: ChatRole, askedIds: readonly string[]): ContentBlock[] | string {
  if (raw.length === 0) return `${where}.content must not be an empty array.`;
  if (raw.length > MAX_BLOCKS_PER_MESSAGE) return `${where}.content has ${raw.length} blocks; at most ${MAX_BLOCKS_PER_MESSAGE} are accepted.`;
  const blocks: ContentBlock[] = [];
  const ids = new Set<string>();
  for (const [j, b] of raw.entries()) {
    const at = `${where}.content[${j}]`;
    if (!isRecord(b)) return `${at} must be an object.`;
    switch (b.type) {
      case 'text':
        if (typeof b.text !== 'string' || b.text.trim() === '') return `${at}.text must be a non-empty string.`;
        blocks.push({ type: 'text', text: b.text });
        break;
      case 'reasoning':
        if (role !== 'assistant') return `${at}: reasoning blocks belong to assistant turns.`;
        if (b.redacted !== undefined) {
          if (typeof b.redacted !== 'string' || b.redacted === '' || !BASE64.test(b.redacted) || b.text !== undefined) {
            return `${at}.redacted must be non-empty base64, without "text".`;
          }
          blocks.push({ type: 'reasoning', redacted: b.redacted });
        } else {
          if (typeof b.text !== 'string') return `${at} must have a "text" string or a "redacted" base64 string.`;
          if (b.signature !== undefined && typeof b.signature !== 'string') return `${at}.signature must be a string.`;
          blocks.push({ type: 'reasoning', text: b.text, ...(b.signature !== undefined ? { signature: b.signature } : {}) });
        }
        break;
      case 'toolUse': {
        if (role !== 'assistant') return `${at}: toolUse blocks belong to assistant turns.`;
        const id = newToolId(b.id, ids);
        if (id === undefined) return toolIdError(b.id, at);
        if (typeof b.name !== 'string' || !TOOL_NAME_PATTERN.test(b.name)) return `${at}.name must be 1–64 letters, digits, "_" or "-".`;
        if (!isRecord(b.input)) return `${at}.input must be a JSON object.`;
        blocks.push({ type: 'toolUse', id, name: b.name, input: b.input });
        break;
      }
      case 'toolResult': {
        if (role !== 'user') return `${at}: toolResult blocks belong to user turns.`;
        const id = newToolId(b.id, ids);
        if (id === undefined) return toolIdError(b.id, at);
        if (!askedIds.includes(id)) return `${at}.id must be the id of a toolUse in the assistant turn before.`;
        const content = validateToolResultContent(b.content, at);
        if (typeof content === 'string') return content;
        if (b.status !== undefined && b.status !== 'success' && b.status !== 'error') return `${at}.status must be "success" or "error".`;
        blocks.push({ type: 'toolResult', id, content, ...(b.status !== undefined ? { status: b.status } : {}) });
        break;
      }
      default:
        return `${at}.type must be "text", "reasoning", "toolUse" or "toolResult".`;
    }
  }
  if (!blocks.some((b) => b.type !== 'reasoning')) return `${where}.content needs a block besides reasoning.`;
  return blocks;
}

/** The id if it is valid and not yet in `seen` (then added), otherwise undefined. */
function newToolId(raw: unknown, seen: Set<string>): string | undefined {
  if (typeof raw !== 'string' || !TOOL_NAME_PATTERN.test(raw) || seen.has(raw)) return undefined;
  seen.add(raw);
  return raw;
}

function toolIdError(raw: unknown, at: string): string {
  return typeof raw === 'string' && TOOL_NAME_PATTERN.test(raw) ? `${at}.id repeats an earlier block's id.` : `${at}.id must be 1–64 letters, digits, "_" or "-".`;
}

function validateToolResultContent(raw: unknown, at: string): ToolResultContent[] | string {
  if (!Array.isArray(raw) || raw.length === 0) return `${at}.content must be a non-empty array.`;
  const parts: ToolResultContent[] = [];
  for (const [k, p] of raw.entries()) {
    if (isRecord(p) && p.type === 'text' && typeof p.text === 'string') parts.push({ type: 'text', text: p.text });
    else if (isRecord(p) && p.type === 'json' && isRecord(p.json)) parts.push({ type: 'json', json: p.json });
    else return `${at}.content[${k}] must be {"type":"text","text":"…"} or {"type":"json","json":{…}}.`;
  }
  return parts;
}

function toolUseIds(content: ChatMessage['content']): string[] {
  return typeof content === 'string' ? [] : content.flatMap((b) => (b.type === 'toolUse' ? [b.id] : []));
}

function toolResultIds(content: ChatMessage['content']): string[] {
  return typeof content === 'string' ? [] : content.flatMap((b) => (b.type === 'toolResult' ? [b.id] : []));
}

function invalid(message: string): ValidationResult {
  return { ok: false, code: ErrorCode.BadRequest, message };
}

/** The text of a message's content: the string itself, or its text, reasoning-text and tool-result text joined by newlines. */
export function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const block of content) {
    if (block.type === 'text') parts.push(block.text);
    else if (block.type === 'reasoning' && 'text' in block) parts.push(block.text);
    else if (block.type === 'toolResult') for (const part of block.content) if (part.type === 'text') parts.push(part.text);
  }
  return parts.join('\n');
}
