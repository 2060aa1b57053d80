/**
 * What the fake Bedrock says: the demo model's markdown answer about the prompt (it quotes it,
 * gives a short list and a fenced code block in a language that fits the prompt), and how an
 * answer is cut into deltas.
 */
import { DIRECTIVE } from './fakeScript';

/** Splits text into word-sized pieces, never inside a surrogate pair. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[^\s]{1,12}|\s+/gu) ?? [];
}

const MIXED = ['こんにちは', ' hello ', '日本語の', 'テキスト', ' and ', 'ASCII ', '混在', '✓ ', '🎉', ' 終わり。', 'x=1; '];

/** N short deltas alternating Japanese (3-byte), emoji (4-byte) and ASCII. */
export function mixedDeltas(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${MIXED[i % MIXED.length]}${i % 7 === 6 ? '\n' : ''}`);
}

const LANGUAGES: [RegExp, string][] = [
  [/```(\w+)/, ''],
  [/\b(python|pip|django|flask|pandas)\b|\.py\b/i, 'python'],
  [/\b(typescript|tsx?|lambda|cdk|node|vs ?code|extension)\b/i, 'typescript'],
  [/\b(javascript|js|npm|react)\b/i, 'javascript'],
  [/\b(bash|shell|curl|terminal|linux)\b/i, 'bash'],
  [/\b(rust|cargo)\b/i, 'rust'],
  [/\b(go|golang)\b/i, 'go'],
  [/\b(java|spring|kotlin)\b/i, 'java'],
  [/\b(sql|query|database|postgres|mysql)\b/i, 'sql'],
];

const SNIPPETS: Record<string, string> = {
  python: 'def answer(question: str) -> str:\n    steps = ["read", "think", "reply"]\n    return " → ".join(steps) + f": {question}"\n',
  typescript:
    'export async function* stream(question: string): AsyncGenerator<string> {\n  for (const word of question.split(/\\s+/)) {\n    yield word; // each piece reaches the reader as soon as it exists\n  }\n}\n',
  javascript: 'export async function* stream(question) {\n  for (const word of question.split(/\\s+/)) yield word;\n}\n',
  bash: "curl --no-buffer -H 'content-type: application/json' \\\n  -d '{\"prompt\":\"hello\"}' http://127.0.0.1:8787/chat\n",
  rust: 'fn answer(question: &str) -> String {\n    format!("You asked: {question}")\n}\n',
  go: 'func Answer(question string) string {\n\treturn "You asked: " + question\n}\n',
  java: 'static String answer(String question) {\n    return "You asked: " + question;\n}\n',
  sql: 'SELECT question, answer\nFROM faq\nWHERE question ILIKE \'%stream%\'\nLIMIT 5;\n',
};

/** The language a code block for this prompt should use. */
export function languageFor(prompt: string): string {
  for (const [pattern, lang] of LANGUAGES) {
    const m = pattern.exec(prompt);
    if (m) return lang || m[1];
  }
  return 'typescript';
}

function question(prompt: string): string {
  const line = prompt.replace(DIRECTIVE, '').split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('```')) ?? 'your question';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function snippet(lang: string): string {
  return SNIPPETS[lang] ?? `// ${lang}\n${SNIPPETS.typescript}`;
}

/** The demo model's markdown answer to a prompt. */
export function demoAnswer(prompt: string): string {
  const q = question(prompt);
  const lang = languageFor(prompt);
  return [
    `> ${q}`,
    '',
    `Good question. Here is how I would approach **${q.replace(/[*_`]/g, '')}** (this is the local demo model, so the advice is generic):`,
    '',
    '1. Start from the smallest version that works end to end.',
    '2. Stream results as they are produced, so the reader sees progress early.',
    '3. Handle errors and cancellation before adding features.',
    '',
    `A small ${lang} sketch:`,
    '',
    '```' + lang,
    snippet(lang).trimEnd(),
    '```',
    '',
    'Each piece of this answer was sent as its own delta, like a real model streaming tokens.',
    '',
  ].join('\n');
}

/** Only a fenced code block in the language that fits the prompt (for insert-at-cursor). */
export function fencedAnswer(prompt: string): string {
  const lang = languageFor(prompt);
  return '```' + lang + '\n' + snippet(lang).trimEnd() + '\n```\n';
}
