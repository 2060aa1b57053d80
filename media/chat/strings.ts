import { WEBVIEW_STRINGS, type WebviewStringKey, type WebviewStrings } from '../../src/protocol/webviewStrings';

/** The attribute on `#app` that carries the host's translated table (src/ui/chatView/html.ts). */
export const STRINGS_ATTRIBUTE = 'data-strings';

// Set once by main.ts before anything renders; English until then, so the view modules stay
// plain functions and classes that tests use without a table.
let current: WebviewStrings = { ...WEBVIEW_STRINGS };

/** Uses `strings` from now on; a missing or non-text entry stays English. */
export function useStrings(strings: Partial<Record<string, unknown>>): void {
  const next: WebviewStrings = { ...WEBVIEW_STRINGS };
  for (const key of Object.keys(WEBVIEW_STRINGS) as WebviewStringKey[]) {
    const value = strings[key];
    if (typeof value === 'string' && value !== '') next[key] = value;
  }
  current = next;
}

/** Reads the host's table from `element`'s data-strings attribute (English where it is absent or broken). */
export function useStringsOf(element: Element): void {
  const raw = element.getAttribute(STRINGS_ATTRIBUTE);
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : undefined;
  } catch {
    parsed = undefined;
  }
  useStrings(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {});
}

/** The text `key` in the display language, `{0}`, `{1}`… replaced by `args` (as vscode.l10n.t does). */
export function t(key: WebviewStringKey, ...args: Array<string | number>): string {
  const text = current[key];
  if (args.length === 0) return text;
  return text.replace(/\{(\d+)\}/g, (match, index: string) => {
    const arg = args[Number(index)];
    return arg === undefined ? match : String(arg);
  });
}
