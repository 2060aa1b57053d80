/**
 * Keeps the request's text and the account's identity out of what the Lambda says: a service's
 * error text may quote the prompt, and AWS errors name the account id and the function's role.
 */

/** A run this long that also occurs in the request counts as an echo of it. */
export const ECHO_RUN = 40;
/** Service text longer than this is cut: whatever it quotes stays short. */
export const MAX_SERVICE_TEXT = 100;
/** The most of an error's text the log keeps. */
export const MAX_LOGGED_TEXT = 4000;

const ELLIPSIS = '…';

/**
 * Replaces every run of `ECHO_RUN` or more characters of `text` that also occurs in one of
 * `sources` with an ellipsis. Both sides are compared folded (see `fold`), so a quote that escapes
 * the request (`\n`, `\"`, `\u00e9`) or reflows its whitespace still counts. Linear in the sizes
 * (windows are looked up, not searched for).
 */
export function withoutEchoes(text: string, sources: readonly string[]): string {
  // A source's JSON form too: escaping a source that holds backslashes (code, paths) doubles them.
  const long = sources.flatMap((s) => [fold(s), fold(JSON.stringify(s).slice(1, -1))]).filter((s) => s.length >= ECHO_RUN);
  if (text.length < ECHO_RUN || long.length === 0) return text;
  const { folded, from, to } = foldWithPositions(text);
  const windows = new Map<string, number[]>();
  for (let i = 0; i + ECHO_RUN <= folded.length; i++) {
    const window = folded.slice(i, i + ECHO_RUN);
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
      for (const i of at) hidden.fill(1, from[i], to[i + ECHO_RUN - 1]);
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

// Each becomes one character when folded: a \uXXXX or \x escape, a run of whitespace.
const ESCAPE_OR_WHITESPACE = /\\u[0-9a-fA-F]{4}|\\[^]|\s+/g;
const FOLDED_PIECE = new RegExp(`${ESCAPE_OR_WHITESPACE.source}|[^]`, 'g');
const ESCAPED_WHITESPACE = new Set(['n', 'r', 't', 'f', 'v']);

/** `text` with string escapes decoded and every run of whitespace (escaped or not) as one space. */
function fold(text: string): string {
  return text.replace(ESCAPE_OR_WHITESPACE, unescaped).replace(/ {2,}/g, ' ');
}

/** `fold(text)`, and where each of its characters came from: `text[from[k]..to[k])`. */
function foldWithPositions(text: string): { folded: string; from: number[]; to: number[] } {
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (const piece of text.matchAll(FOLDED_PIECE)) {
    const end = piece.index + piece[0].length;
    const char = unescaped(piece[0]);
    if (char === ' ' && chars.at(-1) === ' ') to[to.length - 1] = end;
    else {
      chars.push(char);
      from.push(piece.index);
      to.push(end);
    }
  }
  return { folded: chars.join(''), from, to };
}

function unescaped(piece: string): string {
  let char = piece;
  if (piece.length === 6 && piece.startsWith('\\u')) char = String.fromCharCode(parseInt(piece.slice(2), 16));
  else if (piece.length === 2 && piece[0] === '\\') char = ESCAPED_WHITESPACE.has(piece[1]) ? ' ' : piece[1];
  return /^\s/.test(char) ? ' ' : char;
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
