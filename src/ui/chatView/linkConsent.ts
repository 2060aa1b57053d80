import { inertText } from '../../util/inertText';
import * as l10n from '../../util/l10n';

/** Schemes a link from an answer may open with; the webview's sanitizer keeps the same ones. */
const OPENABLE = new Set(['http:', 'https:', 'mailto:']);
/** Longest address shown whole in the confirmation; longer ones lose their middle. */
export const MAX_SHOWN_URL = 200;
/** Longest host shown whole; a longer one keeps its end, which names the site. */
export const MAX_SHOWN_HOST = 80;
/** Longest list of email recipients shown whole; a longer one loses its middle. */
export const MAX_SHOWN_RECIPIENTS = 120;
const trustHint = () => l10n.t('Links in answers come from the model. Open only links you trust.');

/** What to do when the user follows a link in an answer: ask first, refuse with a reason, or ignore. */
export type LinkConsent =
  | { action: 'confirm'; url: string; message: string; detail: string }
  | { action: 'refuse'; message: string; detail: string }
  | { action: 'ignore' };

/** A host cut to `max` characters from the left: the end (`evil.example`) is what tells sites apart. */
function shownHost(host: string, max = MAX_SHOWN_HOST): string {
  return host.length <= max ? host : `…${host.slice(host.length - (max - 1))}`;
}

/** Everyone a mailto: URL writes to (RFC 6068): the addresses in its path and in its to, cc and bcc fields. */
function mailRecipients(url: URL): string[] {
  const fields = url.search.slice(1).split('&');
  const lists = [url.pathname, ...fields.filter((field) => /^(?:to|cc|bcc)=/i.test(field)).map((field) => field.slice(field.indexOf('=') + 1))];
  return lists.flatMap((list) => percentDecoded(list).split(',')).map((address) => address.trim()).filter(Boolean);
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The confirmation for opening `href`: its host first and alone in the message, the whole
 * (middle-truncated) address in the detail. Addresses with a user name or password before the
 * host (`https://docs.aws.amazon.com%2f…@evil.example/`) are refused: they exist to disguise
 * where a link goes. Anything but an absolute http(s)/mailto URL is ignored. Only the parsed,
 * normalized URL is shown and opened, so non-ASCII hosts appear as punycode.
 */
export function linkConsent(href: string): LinkConsent {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { action: 'ignore' };
  }
  if (!OPENABLE.has(url.protocol)) return { action: 'ignore' };
  // The modal shows plain text; inertText also cuts the middle of a long address.
  const shownUrl = inertText(url.href, MAX_SHOWN_URL);
  if (url.protocol === 'mailto:') {
    const to = inertText(mailRecipients(url).join(', '), MAX_SHOWN_RECIPIENTS);
    return { action: 'confirm', url: url.href, message: to ? l10n.t('Write an email to {0}?', to) : l10n.t('Write an email?'), detail: `${shownUrl}\n\n${trustHint()}` };
  }
  const host = inertText(shownHost(url.host));
  if (url.username || url.password) {
    return {
      action: 'refuse',
      message: l10n.t('Link to {0} not opened', host),
      detail: l10n.t('Its address puts a user name or password in front of the host {0}, a common way to disguise where a link goes:', host) + `\n\n${shownUrl}`,
    };
  }
  return { action: 'confirm', url: url.href, message: l10n.t('Open {0}?', host), detail: `${shownUrl}\n\n${trustHint()}` };
}
