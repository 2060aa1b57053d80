/** Link schemes the answer may keep; everything else is rendered as plain text. */
const SAFE_PREFIX = /^(?:https?:\/\/|mailto:)/i;
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The href if it is an absolute http(s)/mailto URL, else undefined (javascript:, data:, command:, file:, relative…). */
export function safeHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  // Control characters and whitespace inside a scheme are a classic filter bypass: refuse.
  // eslint-disable-next-line no-control-regex
  if (!SAFE_PREFIX.test(trimmed) || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    return SAFE_PROTOCOLS.has(url.protocol) ? trimmed : undefined;
  } catch {
    return undefined;
  }
}
