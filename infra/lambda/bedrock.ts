/** The one Bedrock call: ConverseStream, and the shape of what comes back. */
import { BedrockRuntimeClient, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { ChatInput } from './validate';

/** What the handler needs from a Bedrock client (the real one, or a fake in tests). */
export interface ConverseStreamClient {
  send(command: ConverseStreamCommand, options?: { abortSignal?: AbortSignal }): Promise<{ stream?: AsyncIterable<ConverseStreamOutput> }>;
}

/** The default client: region and credentials from the Lambda environment. */
export function defaultBedrockClient(): ConverseStreamClient {
  return new BedrockRuntimeClient({});
}

/** Builds the ConverseStream command for a checked request. */
export function converseCommand(input: ChatInput): ConverseStreamCommand {
  return new ConverseStreamCommand({
    modelId: input.modelId,
    messages: input.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
    ...(input.system ? { system: [{ text: input.system }] } : {}),
    inferenceConfig: { maxTokens: input.maxTokens, ...(input.temperature !== undefined ? { temperature: input.temperature } : {}) },
  });
}
