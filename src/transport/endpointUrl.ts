/**
 * The one rule for an endpoint URL, shared by the transport and Configure Endpoint: https for
 * any host, plain http only for this machine (loopback), so code never crosses a network in clear.
 */

export type EndpointUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; reason: 'empty' | 'invalid' | 'scheme' | 'insecure'; message: string };

const EXAMPLE = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat';

/** Checks an endpoint URL against the rule; returns the parsed URL, or why it is refused in words a person can act on. */
export function checkEndpointUrl(value: string): EndpointUrlCheck {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, reason: 'empty', message: `No endpoint URL is set. Enter the URL of your endpoint, e.g. ${EXAMPLE}` };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'invalid', message: `The endpoint is not a valid URL. It should look like ${EXAMPLE}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'scheme', message: `The endpoint must be an https:// URL, not ${url.protocol}//.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: 'insecure',
      message: `The endpoint must use https://. Plain http:// is allowed only for an endpoint on this machine (localhost, 127.0.0.1, [::1]), and ${url.hostname} is not one.`,
    };
  }
  return { ok: true, url };
}

/**
 * Whether a WHATWG-normalized hostname (`URL.hostname`) always means this machine. The URL parser
 * already turns `127.1`, `0x7f.1` and `[0:0:0:0:0:0:0:1]` into their canonical forms. Names that
 * only usually resolve to loopback (`localhost.`, `*.localhost`) are refused: DNS may answer them.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]' ||
    // IPv4-mapped IPv6 of 127.0.0.0/8, as the URL parser writes it ([::ffff:127.0.0.1] → [::ffff:7f00:1])
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)
  );
}
