/** The harness's VS Code theme variables (harness.css), per theme: to check them against a real workbench's. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HarnessTheme } from './server';

/** `--vscode-*` name → value, as harness.css sets it for `theme` (html[data-theme='…']). */
export function harnessThemeVariables(theme: HarnessTheme): Record<string, string> {
  const css = readFileSync(path.join(__dirname, 'harness.css'), 'utf8');
  const block = new RegExp(`html\\[data-theme='${theme}'\\] \\{([^}]*)\\}`).exec(css)?.[1];
  if (!block) throw new Error(`harness.css has no variables for the ${theme} theme`);
  return Object.fromEntries(Array.from(block.matchAll(/(--vscode-[\w-]+):\s*([^;]+);/g), (m) => [m[1]!, m[2]!.trim()]));
}

/** A colour in one spelling (lowercase hex, alpha as a hex pair when not opaque), so two spellings of one colour compare equal. */
export function normalizeColor(value: string): string {
  const v = value.trim().toLowerCase().replace(/\s+/g, '');
  const rgba = /^rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)$/.exec(v);
  if (!rgba) return /^#[0-9a-f]{8}$/.test(v) && v.endsWith('ff') ? v.slice(0, 7) : v;
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  const alpha = rgba[4] === undefined ? 1 : Number(rgba[4]);
  return `#${hex(Number(rgba[1]))}${hex(Number(rgba[2]))}${hex(Number(rgba[3]))}${alpha === 1 ? '' : hex(Math.round(alpha * 255))}`;
}
