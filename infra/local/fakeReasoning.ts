/**
 * The fake model's reasoning: its text, and the signature that proves a reasoning block came
 * from the model unchanged (Bedrock rejects a tampered block sent back; so does the fake).
 */
import { createHash } from 'node:crypto';
import { tokenize } from './demoAnswer';

/** The reasoning the demo model "thinks" before answering a prompt. */
export function reasoningText(question: string): string {
  return `The user asks: "${question}". I should answer briefly, start from what works end to end, and show a small example.`;
}

/** Gap between reasoning deltas when the reasoning is spread over time (`[[fake:reason-for:N]]`). */
export const PACED_REASONING_GAP_MS = 200;

/**
 * The reasoning as deltas: the thought once, or — for a model that reasons for `forMs` — the
 * thought restated until there is one delta per PACED_REASONING_GAP_MS of that time.
 */
export function reasoningPieces(question: string, forMs?: number): string[] {
  const base = tokenize(reasoningText(question));
  if (forMs === undefined) return base;
  const count = Math.max(1, Math.ceil(forMs / PACED_REASONING_GAP_MS));
  return Array.from({ length: count }, (_, i) => (i >= base.length && i % base.length === 0 ? ` ${base[0]}` : base[i % base.length]));
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
