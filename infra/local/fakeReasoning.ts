/**
 * The fake model's reasoning: its text, and the signature that proves a reasoning block came
 * from the model unchanged (Bedrock rejects a tampered block sent back; so does the fake).
 */
import { createHash } from 'node:crypto';

/** The reasoning the demo model "thinks" before answering a prompt. */
export function reasoningText(question: string): string {
  return `The user asks: "${question}". I should answer briefly, start from what works end to end, and show a small example.`;
}

/** The signature the fake gives a reasoning block with this text (base64, like Bedrock's). */
export function signReasoning(text: string): string {
  return createHash('sha256').update(`fake-bedrock-reasoning\0${text}`).digest('base64');
}

/** True when the signature is the one the fake gave this text. */
export function verifyReasoning(text: string, signature: string | undefined): boolean {
  return signature !== undefined && signature === signReasoning(text);
}

/** The opaque content of a redacted reasoning block (base64, as the eventstream carries blobs). */
export const REDACTED_REASONING = Buffer.from('fake-bedrock redacted reasoning: encrypted by the provider').toString('base64');
