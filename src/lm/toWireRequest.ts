/**
 * VS Code's chat messages (vscode.lm: LanguageModelChatRequestMessage and its parts) → the wire
 * request (ChatRequest). Pure: parts are recognised by shape, not by class, so this runs and is
 * tested without VS Code. The one place this mapping lives (the provider and @bedrock use it).
 */
import { isRecord, PROTOCOL_VERSION_2, type ChatMessage, type ChatRequest, type ChatRole, type ContentBlock, type ToolChoice, type ToolResultContent, type ToolSpec } from '../protocol/wire';
import { buildRequest } from '../chat/request';

/** vscode.LanguageModelChatMessageRole's values; 3 is the System role VS Code's own chat passes (a proposed API). */
export const LM_ROLE = { User: 1, Assistant: 2, System: 3 } as const;

/** A message as VS Code hands it to a provider (LanguageModelChatRequestMessage), by shape. */
export interface LmMessage {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
}

/** A tool offered with a request (vscode.LanguageModelChatTool). */
export interface LmTool {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: object | undefined;
}

export interface WireRequestOptions {
  /** 2 for an endpoint with `/models` (content blocks, tools); 1 for a v1 endpoint: text only. */
  protocol: 1 | 2;
  /** The endpoint's model id; undefined for the endpoint's default. */
  modelId?: string;
  maxTokens?: number;
  temperature?: number;
  tools?: readonly LmTool[];
  /** vscode.LanguageModelChatToolMode: 'required' = the model must call one of the tools. */
  toolMode?: 'auto' | 'required';
}

/** A part of a message, recognised by its shape (see partOf). */
type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; content: ToolResultContent[]; isError: boolean }
  | { kind: 'other' };

/**
 * The wire request for a conversation from VS Code. System messages become `system`; adjacent
 * turns of one role are merged (the endpoint wants them alternating, starting with a user turn);
 * empty text and parts the endpoint cannot take (images, data) are left out. Protocol 1 keeps the
 * text only, so a v1 endpoint accepts it.
 */
export function toWireRequest(messages: readonly LmMessage[], options: WireRequestOptions): ChatRequest {
  const system: string[] = [];
  const turns: { role: ChatRole; blocks: ContentBlock[] }[] = [];
  for (const message of messages) {
    const parts = message.content.map(partOf);
    if (message.role !== LM_ROLE.User && message.role !== LM_ROLE.Assistant) {
      system.push(...parts.flatMap((p) => (p.kind === 'text' && p.text.trim() ? [p.text] : [])));
      continue;
    }
    const role: ChatRole = message.role === LM_ROLE.User ? 'user' : 'assistant';
    const blocks = parts.flatMap((p) => blockOf(p, role, options.protocol));
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role === role) last.blocks.push(...blocks);
    else if (last || role === 'user') turns.push({ role, blocks });
  }
  const wireMessages: ChatMessage[] = turns.map(({ role, blocks }) => ({ role, content: contentOf(blocks, options.protocol) }));
  const request = buildRequest(wireMessages.length > 0 ? wireMessages : [{ role: 'user', content: '' }], {
    system: system.join('\n\n') || undefined,
    modelId: options.modelId,
    maxTokens: options.maxTokens,
    temperature: options.temperature,
  });
  if (options.protocol === 1) return request;
  request.protocol = PROTOCOL_VERSION_2;
  const tools = (options.tools ?? []).map(toolSpec);
  if (tools.length > 0) {
    request.tools = tools;
    const choice = toolChoice(tools, options.toolMode);
    if (choice) request.toolChoice = choice;
  }
  return request;
}

/** The text of a message's parts (tool calls and results as their JSON), for token counting. */
export function messageText(message: LmMessage): string {
  return message.content
    .map(partOf)
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return p.text;
        case 'toolCall':
          return `${p.name} ${JSON.stringify(p.input ?? {})}`;
        case 'toolResult':
          return p.content.map((c) => (c.type === 'text' ? c.text : JSON.stringify(c.json))).join('\n');
        default:
          return '';
      }
    })
    .join('\n');
}

function blockOf(part: LmPart, role: ChatRole, protocol: 1 | 2): ContentBlock[] {
  if (part.kind === 'text') return part.text.trim() ? [{ type: 'text', text: part.text }] : [];
  if (protocol === 1) return [];
  // A tool call belongs to the assistant, its result to the user; a misplaced one would make the whole request invalid.
  if (part.kind === 'toolCall' && role === 'assistant') return [{ type: 'toolUse', id: part.callId, name: part.name, input: isRecord(part.input) ? part.input : {} }];
  if (part.kind === 'toolResult' && role === 'user') {
    const content: ToolResultContent[] = part.content.length > 0 ? part.content : [{ type: 'text', text: '(no output)' }];
    return [{ type: 'toolResult', id: part.callId, content, ...(part.isError ? { status: 'error' as const } : {}) }];
  }
  return [];
}

/** A text-only turn stays a string (what every endpoint reads, `prompt` included); otherwise blocks. */
function contentOf(blocks: ContentBlock[], protocol: 1 | 2): string | ContentBlock[] {
  if (protocol === 1 || blocks.every((b) => b.type === 'text')) return blocks.map((b) => (b as { text: string }).text).join('\n\n');
  return blocks;
}

/** A tool offered by VS Code as the endpoint takes it: a description always, an object schema. */
export function toolSpec(tool: LmTool): ToolSpec {
  return {
    name: tool.name,
    // The endpoint requires a description; VS Code's tools may have an empty one.
    description: tool.description?.trim() || tool.name,
    inputSchema: isRecord(tool.inputSchema) ? tool.inputSchema : { type: 'object', properties: {} },
  };
}

/** Required with one tool: that tool; with several: any of them. Auto is the endpoint's default, so it is left out. */
function toolChoice(tools: ToolSpec[], mode: WireRequestOptions['toolMode']): ToolChoice | undefined {
  if (mode !== 'required') return undefined;
  return tools.length === 1 ? { name: tools[0].name } : 'any';
}

function partOf(part: unknown): LmPart {
  if (!isRecord(part)) return { kind: 'other' };
  if (typeof part.value === 'string' && !('mimeType' in part)) return { kind: 'text', text: part.value };
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    return { kind: 'toolResult', callId: part.callId, content: toolResultContent(part.content), isError: part.isError === true };
  }
  return { kind: 'other' };
}

/** A tool's result (vscode.LanguageModelToolResult's content) as the endpoint takes it; parts it cannot take are left out. */
export function toolResultContent(parts: readonly unknown[]): ToolResultContent[] {
  return parts.flatMap(resultContentOf);
}

/** A tool result's part: text (LanguageModelTextPart), data as text or JSON (LanguageModelDataPart), or a prompt-tsx value as JSON. */
function resultContentOf(part: unknown): ToolResultContent[] {
  if (!isRecord(part)) return [];
  if (typeof part.mimeType === 'string' && part.data instanceof Uint8Array) {
    const text = new TextDecoder().decode(part.data);
    if (/json/i.test(part.mimeType)) {
      try {
        return [jsonContent(JSON.parse(text) as unknown)];
      } catch {
        return text.trim() ? [{ type: 'text', text }] : [];
      }
    }
    return /^text\//i.test(part.mimeType) && text.trim() ? [{ type: 'text', text }] : [];
  }
  if (typeof part.value === 'string') return part.value.trim() ? [{ type: 'text', text: part.value }] : [];
  if ('value' in part && part.value !== undefined) return [jsonContent(part.value)];
  return [];
}

/** The endpoint takes a JSON object as `json`; anything else goes as its JSON text. */
function jsonContent(value: unknown): ToolResultContent {
  return isRecord(value) ? { type: 'json', json: value } : { type: 'text', text: JSON.stringify(value) };
}

