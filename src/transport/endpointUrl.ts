/**
 * The one rule for an endpoint URL, shared by the transport and Configure Endpoint: https for
 * any host, plain http only for this machine (loopback), so code never crosses a network in clear.
 */

import { LOOPBACK_HOSTS } from '../protocol/wire';
import * as l10n from '../util/l10n';

export type EndpointUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; reason: 'empty' | 'invalid' | 'scheme' | 'insecure'; message: string };

/** What an endpoint URL looks like (an API Gateway stage and resource), for messages that show one. */
export const EXAMPLE_ENDPOINT_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat';

/** Checks an endpoint URL against the rule; returns the parsed URL, or why it is refused in words a person can act on. */
export function checkEndpointUrl(value: string): EndpointUrlCheck {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, reason: 'empty', message: l10n.t('No endpoint URL is set. Enter the URL of your endpoint, e.g. {0}', EXAMPLE_ENDPOINT_URL) };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'invalid', message: l10n.t('The endpoint is not a valid URL. It should look like {0}', EXAMPLE_ENDPOINT_URL) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'scheme', message: l10n.t('The endpoint must be an https:// URL, not {0}//.', url.protocol) };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: 'insecure',
      message: l10n.t('The endpoint must use https://. Plain http:// is allowed only for an endpoint on this machine ({0}), and {1} is not one.', LOOPBACK_HOSTS.join(', '), url.hostname),
    };
  }
  return { ok: true, url };
}

/**
 * Whether a WHATWG-normalized hostname (`URL.hostname`) is one of LOOPBACK_HOSTS. The URL parser
 * already turns `127.1`, `0x7f.1` and `[0:0:0:0:0:0:0:1]` into their canonical forms. Names that
 * only usually resolve to loopback (`localhost.`, `*.localhost`) are refused: DNS may answer them.
 * Other loopback addresses (127.0.0.2, [::ffff:7f00:1]) are refused too, so that every host this
 * rule lets through in clear is one the dispatcher never sends through a proxy.
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname.toLowerCase());
}
