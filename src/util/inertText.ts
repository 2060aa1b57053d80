/**
 * Text that did not come from our own code (endpoint bodies and events, model names, file names)
 * made inert for VS Code's plain-text UI. Notifications and progress titles turn
 * `[label](command:…)` into a link that runs the command; input-box prompts, quick picks and the
 * status bar turn `$(name)` into an icon. Both grammars need two adjacent characters — `](` and
 * `$(` — so a space between them disarms every such link and icon while the text stays readable.
 */

/** The default length cap: long enough for an error and its hint, short enough for a toast. */
export const INERT_TEXT_MAX = 500;

// Control characters and bidi overrides become spaces (never deleted: deleting `]\0(` would make `](`).
const CONTROL_OR_BIDI = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const LINK_OR_ICON_OPENER = /([\]$])\(/g;
const ELLIPSIS = '…';

/**
 * `value` as one line that VS Code shows literally: no link, no icon, no line breaks, no bidi
 * tricks, at most `maxLength` characters (the middle is cut, so the start and the end — where
 * our hints are — stay). Interpolate it after a space or punctuation, never right after `]` or `$`.
 */
export function inertText(value: string, maxLength = INERT_TEXT_MAX): string {
  const oneLine = value.replace(CONTROL_OR_BIDI, ' ').replace(/\s+/g, ' ').trim();
  const disarmed = oneLine.replace(LINK_OR_ICON_OPENER, '$1 (');
  return cutMiddle(disarmed, maxLength);
}

/** `text` cut to `maxLength` UTF-16 units with `…` in the middle, never splitting a surrogate pair. */
function cutMiddle(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const keep = Math.max(0, maxLength - ELLIPSIS.length);
  let head = text.slice(0, Math.ceil(keep / 2));
  let tail = text.slice(text.length - Math.floor(keep / 2));
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  if (/^[\uDC00-\uDFFF]/.test(tail)) tail = tail.slice(1);
  return `${head.trimEnd()}${ELLIPSIS}${tail.trimStart()}`;
}
