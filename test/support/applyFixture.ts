/** The file the Apply tests propose changes to: an async `load` and a small `add` function. */
export const APPLY_FIXTURE = [
  "import { readFile } from 'node:fs/promises';",
  '',
  'export async function load(path: string) {',
  "  const text = await readFile(path, 'utf8');",
  '  return JSON.parse(text);',
  '}',
  '',
  'export function add(a: number, b: number) {',
  '  return a + b;',
  '}',
  '',
].join('\n');
