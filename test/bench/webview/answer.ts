/**
 * Deterministic, realistic markdown answers for the webview bench: headings, paragraphs with
 * inline markup, lists, tables and many fenced code blocks in several languages.
 */

/** A seeded PRNG (mulberry32): the same seed always gives the same answer and chunks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

const WORDS = (
  'stream request handler response buffer latency region endpoint token model lambda gateway ' +
  'timeout retry backoff credential signature payload chunk decoder encoder socket header status ' +
  'the a of to in and is that for with on as by it this be are from or at which when each only'
).split(' ');
const CODE_WORDS = ['createReadStream', 'AbortSignal', 'ConverseStream', 'TextDecoder', 'maxTokens', 'x-api-key', 'HttpResponseStream'];

function sentence(random: Random): string {
  const words: string[] = [];
  const count = between(random, 6, 18);
  for (let i = 0; i < count; i++) {
    const r = random();
    const word = pick(random, WORDS);
    if (r < 0.06) words.push(`\`${pick(random, CODE_WORDS)}\``);
    else if (r < 0.1) words.push(`**${word}**`);
    else if (r < 0.13) words.push(`*${word}*`);
    else if (r < 0.145) words.push(`[${word}](https://docs.aws.amazon.com/bedrock/latest/userguide/${word}.html)`);
    else words.push(word);
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const paragraph = (random: Random): string => Array.from({ length: between(random, 2, 5) }, () => sentence(random)).join(' ');

function list(random: Random): string {
  const ordered = random() < 0.4;
  return Array.from({ length: between(random, 3, 7) }, (_, i) => {
    const item = `${ordered ? `${i + 1}.` : '-'} ${sentence(random)}`;
    return random() < 0.2 ? `${item}\n${ordered ? '   ' : '  '}- ${sentence(random)}` : item;
  }).join('\n');
}

function table(random: Random): string {
  const columns = between(random, 3, 5);
  const header = Array.from({ length: columns }, () => pick(random, WORDS));
  const rows = Array.from({ length: between(random, 3, 10) }, () =>
    Array.from({ length: columns }, (_, c) => (c === 0 ? `\`${pick(random, CODE_WORDS)}\`` : `${pick(random, WORDS)} ${between(random, 1, 999)}`)),
  );
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, c) => (c === columns - 1 ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

const CODE: Record<string, ((random: Random, n: number) => string)[]> = {
  ts: [
    (r, n) => `export async function handler${n}(event: APIGatewayProxyEvent): Promise<void> {\n  const body = JSON.parse(event.body ?? '{}') as { prompt?: string };\n  if (!body.prompt) throw new Error('prompt is required');\n  for await (const chunk of stream(body.prompt, { maxTokens: ${between(r, 64, 4096)} })) {\n    writer.write(encoder.encode(chunk));\n  }\n}`,
    (r, n) => `interface Options${n} {\n  endpoint: string;\n  timeoutMs: number; // ${pick(r, WORDS)}\n  retries?: number;\n}\nconst defaults: Options${n} = { endpoint: 'https://example.com', timeoutMs: ${between(r, 100, 60000)}, retries: 3 };`,
  ],
  python: [
    (r, n) => `import boto3\n\nclient = boto3.client("bedrock-runtime", region_name="us-east-1")\n\ndef ask_${n}(prompt: str) -> str:\n    response = client.converse_stream(\n        modelId="anthropic.claude-3-haiku",\n        messages=[{"role": "user", "content": [{"text": prompt}]}],\n        inferenceConfig={"maxTokens": ${between(r, 64, 4096)}},\n    )\n    return "".join(e["contentBlockDelta"]["delta"]["text"] for e in response["stream"] if "contentBlockDelta" in e)`,
  ],
  go: [
    (r, n) => `package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc retry${n}(attempts int, fn func() error) error {\n\tfor i := 0; i < attempts; i++ {\n\t\tif err := fn(); err == nil {\n\t\t\treturn nil\n\t\t}\n\t\ttime.Sleep(time.Duration(${between(r, 10, 500)}*i) * time.Millisecond)\n\t}\n\treturn fmt.Errorf("gave up after %d attempts", attempts)\n}`,
  ],
  rust: [
    (r, n) => `use std::io::{self, BufRead};\n\nfn count_${n}() -> io::Result<usize> {\n    let stdin = io::stdin();\n    let mut total = 0usize;\n    for line in stdin.lock().lines() {\n        if line?.len() > ${between(r, 1, 80)} { total += 1; }\n    }\n    Ok(total)\n}`,
  ],
  bash: [
    (r, n) => `#!/usr/bin/env bash\nset -euo pipefail\n# step ${n}: ${pick(r, WORDS)}\naws lambda invoke --function-name chat-${n} --payload '{"prompt":"hi"}' out.json\ncurl --no-buffer -sS -H 'accept: text/event-stream' "$ENDPOINT" | head -n ${between(r, 5, 50)}`,
  ],
  json: [
    (r, n) => `{\n  "modelId": "us.anthropic.claude-sonnet-4",\n  "maxTokens": ${between(r, 64, 4096)},\n  "temperature": 0.${between(r, 0, 9)},\n  "messages": [{ "role": "user", "content": "question ${n}" }]\n}`,
  ],
  sql: [
    (r, n) => `SELECT request_id, model, latency_ms\nFROM invocations_${n}\nWHERE latency_ms > ${between(r, 100, 5000)}\n  AND created_at > now() - interval '1 day'\nORDER BY latency_ms DESC\nLIMIT 20;`,
  ],
  yaml: [
    (r, n) => `Resources:\n  ChatFunction${n}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Timeout: ${between(r, 30, 900)}\n      MemorySize: 512`,
  ],
};
const LANGUAGES = Object.keys(CODE);

function codeBlock(random: Random, n: number): string {
  const language = pick(random, LANGUAGES);
  const parts = Array.from({ length: between(random, 1, 3) }, () => pick(random, CODE[language]!)(random, n));
  return `\`\`\`${language}\n${parts.join('\n\n')}\n\`\`\``;
}

/** A markdown answer of at most `size` characters (within one block of it), the same for the same seed. */
export function generateAnswer(size: number, seed = 42): string {
  const random = seededRandom(seed);
  const blocks: string[] = [];
  let length = 0;
  for (let n = 0; ; n++) {
    const r = random();
    const block =
      n % 12 === 0 ? `## ${sentence(random).slice(0, -1)}` : r < 0.35 ? paragraph(random) : r < 0.55 ? list(random) : r < 0.65 ? table(random) : codeBlock(random, n);
    if (length + block.length + 2 > size) break;
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}

/** Splits text into chunks of 2–6 characters (seeded), like model deltas. */
export function chunkText(text: string, seed = 7, min = 2, max = 6): string[] {
  const random = seededRandom(seed);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = between(random, min, max);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}
