import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = { bash, c, cpp, csharp, css, diff, dockerfile, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
hljs.registerAliases(['sh', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['jsonc'], { languageName: 'json' });
hljs.registerAliases(['svg', 'vue'], { languageName: 'xml' });

/** The languages highlight.js can highlight here (not counting aliases). */
export const HIGHLIGHT_LANGUAGES: readonly string[] = Object.keys(languages);

/** Above this many characters a block is shown unhighlighted (same rule live and one-shot). */
const MAX_HIGHLIGHT_CHARS = 200_000;

/** The language's display name if highlight.js knows it (ids and aliases like "ts", "sh", "html"). */
function knownLanguage(lang: string): string | undefined {
  return lang && hljs.getLanguage(lang) ? lang.toLowerCase() : undefined;
}

/** Highlighted HTML (escaped text in hljs-* spans) or undefined if the language is unknown or the code too big. */
export function highlightCode(code: string, lang: string): string | undefined {
  if (!knownLanguage(lang) || code.length > MAX_HIGHLIGHT_CHARS) return undefined;
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
