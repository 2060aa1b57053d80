/**
 * Keeps the request's text and the account's identity out of what the Lambda says: a service's
 * error text may quote the prompt, and AWS errors name the account id and the function's role.
 */

/** A run this long that also occurs in the request counts as an echo of it. */
export const ECHO_RUN = 40;
/** Service text longer than this is cut: whatever it quotes stays short. */
export const MAX_SERVICE_TEXT = 200;
/** The most of an error's text the log keeps. */
export const MAX_LOGGED_TEXT = 4000;

const ELLIPSIS = '…';

/**
 * Replaces every run of `ECHO_RUN` or more characters of `text` that also occurs in one of
 * `sources` with an ellipsis. Linear in the sizes (windows are looked up, not searched for).
 */
export function withoutEchoes(text: string, sources: readonly string[]): string {
  const long = sources.filter((s) => s.length >= ECHO_RUN);
  if (text.length < ECHO_RUN || long.length === 0) return text;
  const windows = new Map<string, number[]>();
  for (let i = 0; i + ECHO_RUN <= text.length; i++) {
    const window = text.slice(i, i + ECHO_RUN);
    const at = windows.get(window);
    if (at) at.push(i);
    else windows.set(window, [i]);
  }
  const hidden = new Uint8Array(text.length);
  for (const source of long) {
    for (let j = 0; j + ECHO_RUN <= source.length && windows.size > 0; j++) {
      const window = source.slice(j, j + ECHO_RUN);
      const at = windows.get(window);
      if (!at) continue;
      for (const i of at) hidden.fill(1, i, i + ECHO_RUN);
      windows.delete(window);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += ELLIPSIS;
  }
  return out;
}

/** An AWS error's text made fit for a client: one line, no account id or IAM/STS ARN, at most MAX_SERVICE_TEXT characters. */
export function sanitizeServiceText(text: string): string {
  const line = withoutAccountDetails(text)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(line, MAX_SERVICE_TEXT);
}

/** Replaces IAM/STS ARNs (they name the role) with `<role>` and 12-digit account ids with `<account>`. */
export function withoutAccountDetails(text: string): string {
  return text.replace(/arn:aws[a-z-]*:(?:iam|sts)::[^\s"'`,;]+/g, '<role>').replace(/(?<!\d)\d{12}(?!\d)/g, '<account>');
}

/** Cuts `text` to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}${ELLIPSIS}`;
}
