/** The one Bedrock call: ConverseStream, and the shape of what comes back. */
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ContentBlock as BedrockContentBlock,
  type ConverseStreamOutput,
  type Message,
  type Tool,
  type ToolChoice as BedrockToolChoice,
  type ToolResultContentBlock,
  type ToolUseBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type { ChatMessage, ContentBlock, ToolChoice, ToolResultContent } from '../../src/protocol/wire';
import type { GuardrailSettings } from './config';
import type { ChatInput } from './validate';

const CACHE_POINT = { cachePoint: { type: 'default' as const } };

/** What the handler needs from a Bedrock client (the real one, or a fake in tests). */
export interface ConverseStreamClient {
  send(command: ConverseStreamCommand, options?: { abortSignal?: AbortSignal }): Promise<{ stream?: AsyncIterable<ConverseStreamOutput> }>;
}

/** The default client: region and credentials from the Lambda environment. */
export function defaultBedrockClient(): ConverseStreamClient {
  return new BedrockRuntimeClient({});
}

/**
 * Builds the ConverseStream command for a checked request: tools, Claude thinking, cache points
 * (after the system prompt, after the tools, and at the end of the turn before the newest user turn)
 * and the deployment's guardrail.
 */
export function converseCommand(input: ChatInput, guardrail?: GuardrailSettings): ConverseStreamCommand {
  const cacheIn = new Set(input.cachePoints);
  const messages = input.messages.map(toBedrockMessage);
  if (cacheIn.has('messages') && messages.length >= 2) messages[messages.length - 2].content!.push(CACHE_POINT);
  const system = input.system ? [{ text: input.system }, ...(cacheIn.has('system') ? [CACHE_POINT] : [])] : undefined;
  return new ConverseStreamCommand({
    modelId: input.modelId,
    messages,
    ...(system ? { system } : {}),
    inferenceConfig: { maxTokens: input.maxTokens, ...(input.temperature !== undefined ? { temperature: input.temperature } : {}) },
    ...(input.tools
      ? {
          toolConfig: {
            tools: [
              ...input.tools.map(
                (t): Tool => ({ toolSpec: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), inputSchema: { json: t.inputSchema as DocumentType } } }),
              ),
              ...(cacheIn.has('tools') ? [CACHE_POINT] : []),
            ],
            ...(input.toolChoice ? { toolChoice: toBedrockToolChoice(input.toolChoice) } : {}),
          },
        }
      : {}),
    ...(input.thinkingBudget !== undefined ? { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: input.thinkingBudget } } } : {}),
    ...(guardrail
      ? { guardrailConfig: { guardrailIdentifier: guardrail.id, guardrailVersion: guardrail.version, trace: 'enabled', streamProcessingMode: guardrail.streamMode } }
      : {}),
  });
}

function toBedrockToolChoice(choice: ToolChoice): BedrockToolChoice {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'any') return { any: {} };
  return { tool: { name: choice.name } };
}

/** One wire message as a Bedrock message: a string is one text block. */
export function toBedrockMessage(message: ChatMessage): Message {
  const blocks = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
  return { role: message.role, content: blocks.map(toBedrockBlock) };
}

/** The SDK's JSON document type (tool inputs and JSON results). */
type DocumentType = NonNullable<ToolUseBlock['input']>;

function toBedrockBlock(block: ContentBlock): BedrockContentBlock {
  switch (block.type) {
    case 'text':
      return { text: block.text };
    case 'reasoning':
      return 'redacted' in block
        ? { reasoningContent: { redactedContent: Buffer.from(block.redacted, 'base64') } }
        : { reasoningContent: { reasoningText: { text: block.text, ...(block.signature !== undefined ? { signature: block.signature } : {}) } } };
    case 'toolUse':
      return { toolUse: { toolUseId: block.id, name: block.name, input: block.input as DocumentType } };
    case 'toolResult':
      return {
        toolResult: {
          toolUseId: block.id,
          content: block.content.map(toBedrockToolResult),
          ...(block.status !== undefined ? { status: block.status } : {}),
        },
      };
  }
}

function toBedrockToolResult(part: ToolResultContent): ToolResultContentBlock {
  return part.type === 'text' ? { text: part.text } : { json: part.json as DocumentType };
}
