/**
 * The token estimate used wherever we cannot ask the model: ceil(characters / 4). The fake
 * Bedrock counts the same way (infra/local/fakePromptCache.ts `estimateTokens`, over each block's
 * JSON), and so does the bench, so figures from the extension, the endpoint and the bench agree.
 */

/** Estimated tokens of a text: ceil(text.length / 4) (UTF-16 code units, as the fake counts). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
