/** Arguments a message's `{0}`, `{1}`… placeholders take (the same as `vscode.l10n.t`'s). */
export type MessageArg = string | number | boolean;

/** Turns an English message and its arguments into the display language's text. */
export type Translator = (message: string, ...args: MessageArg[]) => string;

/** English: fills `{0}`, `{1}`… with the arguments, as `vscode.l10n.t` does when there is no bundle. */
export function formatMessage(message: string, ...args: MessageArg[]): string {
  return message.replace(/\{(\d+)\}/g, (match, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : match));
}

let translator: Translator = formatMessage;

/**
 * A user-facing message in the display language. The one way our vscode-free modules reach
 * `vscode.l10n.t`: `extension.ts` points the seam at it on activation; tests and tools get English.
 */
export function t(message: string, ...args: MessageArg[]): string {
  return translator(message, ...args);
}

/** Points `t` at the host's translator (`vscode.l10n.t`); the returned function restores the previous one. */
export function useTranslator(next: Translator): () => void {
  const previous = translator;
  translator = next;
  return () => {
    translator = previous;
  };
}
