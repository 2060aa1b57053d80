import { certificateChecksOff } from '../transport/dispatcher';
import { isLoopbackHost } from '../transport/endpointUrl';
import { isTlsCode, TransportError } from '../transport/errors';
import type { Check, CheckResult } from './check';
import * as M from './messages';
import { probe } from './probe';

/**
 * Resolves the host, then opens a connection the way the transport does (same dispatcher: proxy,
 * trusted certificate authorities, connect timeout) with an unauthenticated GET of the endpoint:
 * any HTTP answer proves DNS, TCP, TLS and the proxy. Keeps the answer's Date header for the clock check.
 */
export const networkCheck: Check = {
  get title() {
    return M.titles.network;
  },
  blocking: true,
  async run(context, signal) {
    const url = context.endpointUrl;
    const local = isLoopbackHost(url.hostname);
    const proxy = local ? undefined : context.proxyFor(url);
    const parts: string[] = [];

    if (local) parts.push(M.network.thisMachine);
    else {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      try {
        const addresses = await context.resolve(host);
        parts.push(M.network.resolved(host, addresses.slice(0, 3).join(', ')));
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'lookup failed';
        // Through a proxy the proxy resolves the name: this machine's DNS need not know it.
        if (!proxy) return { status: 'fail', detail: M.network.dnsFailed(host, code), fix: M.network.dnsFix };
        parts.push(M.network.resolvedByProxy(host, proxy));
      }
    }
    if (proxy) parts.push(M.network.viaProxy(proxy));
    parts.push(url.protocol === 'http:' ? M.network.plainHttp : context.deps.http.strictSSL === false ? `${M.network.tlsUnverified}: ${certificateChecksOff()}` : M.network.tlsVerified);

    const sent = performance.now();
    try {
      const response = await probe(await context.dispatcher(), url, { method: 'GET', headers: { 'user-agent': context.deps.userAgent } }, signal);
      const endpointMs = Date.parse(response.headers.date ?? '');
      if (!Number.isNaN(endpointMs)) context.clocks = { endpointMs, localMs: context.now() - (response.arrivedAt - sent) / 2 };
      parts.push(M.network.answered(response.status, Math.round(response.arrivedAt - sent)));
      return { status: 'pass', detail: parts.join('; ') };
    } catch (err) {
      return connectionFailure(err, local, proxy);
    }
  },
};

function connectionFailure(err: unknown, local: boolean, proxy: string | undefined): CheckResult {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof TransportError ? err.code : '';
  if (code === 'ECONNREFUSED' && local) return { status: 'fail', detail: message, fix: M.network.refusedLocalFix };
  if (isTlsCode(code)) return { status: 'fail', detail: message, fix: M.network.tlsFix };
  if (proxy || code.startsWith('Proxy')) return { status: 'fail', detail: message, fix: M.network.proxyFix };
  return { status: 'fail', detail: message, fix: M.network.genericFix };
}

