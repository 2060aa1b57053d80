import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson, type l10nJsonFormat } from '@vscode/l10n-dev';
import { WEBVIEW_STRINGS } from '../src/protocol/webviewStrings';

const REPO = path.resolve(__dirname, '..');

/** Where the host's messages live: `vscode.l10n.t(…)` and the `l10n.t(…)` seam calls under src/. */
const SOURCES = path.join(REPO, 'src');

/** The English bundle's path and a translation's, for a language (`ja`) or none. */
export function bundlePath(language?: string): string {
  return path.join(REPO, 'l10n', language ? `bundle.l10n.${language}.json` : 'bundle.l10n.json');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/**
 * Every message the extension shows, English text → English text: what `vscode-l10n-dev export`
 * collects from src/ (the same analyzer), plus the webview's table, which the host translates value by value.
 */
export async function englishBundle(): Promise<l10nJsonFormat> {
  // The analyzer reads `l10n.t(…)` only in files that import 'vscode' or '@vscode/l10n'. Our vscode-free
  // modules call the seam the same way (`import * as l10n from '../util/l10n'`), so each file is read as if it imported vscode.
  const files = sourceFiles(SOURCES).map((file) => ({ contents: `import * as vscode from 'vscode';\n${readFileSync(file, 'utf8')}`, extension: path.extname(file) }));
  const fromSources = await getL10nJson(files);
  const fromWebview = Object.fromEntries(Object.values(WEBVIEW_STRINGS).map((text) => [text, text]));
  const merged: l10nJsonFormat = { ...fromSources, ...fromWebview };
  return Object.fromEntries(Object.keys(merged).sort().map((key) => [key, merged[key]!]));
}
