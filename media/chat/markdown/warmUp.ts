import type { IdleScheduler } from '../idle';
import { HIGHLIGHT_LANGUAGES, highlightCode } from './highlight';
import type { MarkdownRenderer } from './renderer';

/** A little of every kind of block and inline the renderer handles. */
const SAMPLE = [
  '## Title',
  'Some **bold**, _emphasis_, `code` and a [link](https://example.com).',
  '- one\n- two\n\n1. first\n2. second',
  '> a quote',
  '| a | b |\n| --- | --- |\n| 1 | 2 |',
  '```ts\nconst answer: number = 42;\n```',
].join('\n\n');

/**
 * The first answer's first frame would otherwise also pay for compiling the lexer, parser,
 * sanitizer and highlighter, and each code block's first use of a language for its grammar:
 * 60–80 ms here, once. This does that work in idle time after the view loads, in small steps
 * (lex, render, then one language at a time), so no step is a long task of its own.
 */
export function warmUpRenderer(
  renderer: MarkdownRenderer,
  idle: IdleScheduler,
  languages: readonly string[] = HIGHLIGHT_LANGUAGES,
  highlight: (code: string, language: string) => unknown = highlightCode,
): void {
  const steps: Array<() => void> = [];
  let tokens: ReturnType<MarkdownRenderer['lex']>['tokens'] = [];
  steps.push(() => void (tokens = renderer.lex(SAMPLE).tokens));
  steps.push(() => void renderer.render(tokens));
  for (const language of languages) steps.push(() => void highlight('x = 1', language));
  const next = () => {
    steps.shift()?.();
    if (steps.length > 0) idle(next);
  };
  idle(next);
}
