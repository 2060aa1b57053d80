/**
 * The check every local server of `npm start` / `npm run local` makes before anything else: a web
 * page the developer visits can send requests to any 127.0.0.1 port, either directly (a browser
 * then sends an `Origin` header) or through DNS rebinding (its `Host` header then names the
 * attacker's domain). Our own clients (the extension's undici transport, the AWS SDK, curl) send
 * a loopback `Host` and no `Origin`.
 */
import { LOOPBACK_HOSTS } from '../../src/protocol/wire';

/**
 * Why a request must be refused, or undefined when it comes from a local client: its `Host`
 * (`:authority` on HTTP/2) names a loopback address or one of `extraHosts` with `port`, and it
 * carries no `Origin`.
 */
export function foreignRequestReason(headers: NodeJS.Dict<string | string[]>, port: number, extraHosts: readonly string[] = []): string | undefined {
  const origin = headers.origin;
  if (origin !== undefined) {
    return `This local server does not answer requests from web pages (Origin ${show(origin)}); call it from the extension, curl or code.`;
  }
  const host = headers.host ?? headers[':authority'];
  if (typeof host !== 'string' || !hostMatches(host, port, extraHosts)) {
    const names = [...LOOPBACK_HOSTS, ...extraHosts].join(', ');
    return `This local server answers only requests addressed to ${names} on port ${port} (Host ${show(host)}).`;
  }
  return undefined;
}

/**
 * The host names to accept besides the loopback ones for a server listening on `bindHost`: the
 * address or name it was told to listen on (so the URL it prints works), never a wildcard's peers.
 */
export function boundHostNames(bindHost: string | undefined): string[] {
  if (!bindHost) return [];
  const name = canonicalHostName(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  return name && !LOOPBACK_HOSTS.includes(name) ? [name] : [];
}

function hostMatches(host: string, port: number, extraHosts: readonly string[]): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host);
  if (!match) return false;
  const name = canonicalHostName(match[1]);
  const hostPort = match[2] === undefined ? 80 : Number(match[2]);
  return hostPort === port && name !== undefined && (LOOPBACK_HOSTS.includes(name) || extraHosts.includes(name));
}

/** The WHATWG form of a host name (`LOCALHOST` → `localhost`, `[0:0::1]` → `[::1]`, `127.1` → `127.0.0.1`). */
function canonicalHostName(name: string): string | undefined {
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return undefined;
  }
}

function show(value: string | string[] | undefined): string {
  if (value === undefined) return 'missing';
  const text = Array.isArray(value) ? value.join(', ') : value;
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}
