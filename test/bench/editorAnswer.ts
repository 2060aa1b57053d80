/**
 * The editor bench's answer, shared by the runner (which queues it in the fake Bedrock) and the
 * in-host suite (which checks the document against it): 100,000 characters of code and
 * comments, some Japanese, in 25,000 chunks of 4 characters.
 */
export const EDITOR_CHUNKS = 25_000;
/** Insertions the in-host suite runs; the runner queues one answer for each. */
export const EDITOR_ROUNDS = 5;
const CHUNK_CHARS = 4;

export function editorAnswerChunks(): string[] {
  const line = (i: number) => (i % 7 === 0 ? `// 手順 ${i}: ストリーミング\n` : `const value${i} = compute(${i}, "text");\n`);
  const length = EDITOR_CHUNKS * CHUNK_CHARS;
  let text = '';
  for (let i = 0; text.length < length; i++) text += line(i);
  return Array.from({ length: EDITOR_CHUNKS }, (_, i) => text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS));
}
