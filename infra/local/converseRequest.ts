/** The parts of a ConverseStream request body the fake Bedrock reads (JSON as the SDK sends it). */

export interface CachePoint {
  type?: string;
  ttl?: string;
}

/** One content block of a message (blobs arrive base64-encoded). */
export interface ConverseBlock {
  text?: string;
  toolUse?: { toolUseId?: string; name?: string; input?: unknown };
  toolResult?: { toolUseId?: string; content?: { text?: string; json?: unknown }[]; status?: string };
  reasoningContent?: { reasoningText?: { text?: string; signature?: string }; redactedContent?: string };
  cachePoint?: CachePoint;
}

export interface ConverseMessage {
  role: string;
  content: ConverseBlock[];
}

export interface ConverseTool {
  toolSpec?: { name?: string; description?: string; inputSchema?: { json?: JsonSchema } };
  cachePoint?: CachePoint;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
}

export interface ConverseBody {
  messages?: ConverseMessage[];
  system?: { text?: string; cachePoint?: CachePoint }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number };
  toolConfig?: { tools?: ConverseTool[]; toolChoice?: { auto?: object; any?: object; tool?: { name?: string } } };
  additionalModelRequestFields?: { thinking?: { type?: string; budget_tokens?: number }; [key: string]: unknown };
  guardrailConfig?: { guardrailIdentifier?: string; guardrailVersion?: string; streamProcessingMode?: string; trace?: string };
}

/** Anthropic-style extended thinking, when the request turns it on. */
export function thinkingOf(body: ConverseBody): { budgetTokens: number } | undefined {
  const t = body.additionalModelRequestFields?.thinking;
  return t?.type === 'enabled' ? { budgetTokens: t.budget_tokens ?? 0 } : undefined;
}

/** The tools the request gives the model (cache points left out). */
export function toolSpecs(body: ConverseBody): NonNullable<ConverseTool['toolSpec']>[] {
  return (body.toolConfig?.tools ?? []).flatMap((t) => (t.toolSpec ? [t.toolSpec] : []));
}

/** The text of the last user message. */
export function lastUserText(body: ConverseBody): string {
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  return (users[users.length - 1]?.content ?? []).map((c) => c.text ?? '').join('');
}

/** The tool results of the last message, when it is a user turn answering tool calls. */
export function lastToolResults(body: ConverseBody): NonNullable<ConverseBlock['toolResult']>[] {
  const last = body.messages?.[body.messages.length - 1];
  return last?.role === 'user' ? last.content.flatMap((c) => (c.toolResult ? [c.toolResult] : [])) : [];
}

/** Every cache point of the request, in Bedrock's order: tools, system, messages. */
export function cachePoints(body: ConverseBody): CachePoint[] {
  return [
    ...(body.toolConfig?.tools ?? []).flatMap((t) => (t.cachePoint ? [t.cachePoint] : [])),
    ...(body.system ?? []).flatMap((s) => (s.cachePoint ? [s.cachePoint] : [])),
    ...(body.messages ?? []).flatMap((m) => m.content.flatMap((c) => (c.cachePoint ? [c.cachePoint] : []))),
  ];
}
