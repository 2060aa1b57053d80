import { createAgent, createEnvHttpProxyAgent, type Dispatcher } from './undici';

export interface Timeouts {
  /** Time allowed to open the TCP/TLS connection. */
  connectMs: number;
  /** Time allowed from sending the request until the response headers arrive. */
  firstByteMs: number;
  /** Longest allowed gap between two chunks of the body. */
  idleMs: number;
}

export interface ProxySettings {
  /** VS Code's `http.proxy`; empty to use HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string;
  /** Hosts that bypass the proxy (VS Code's `http.noProxy`), added to NO_PROXY. */
  noProxy?: string[];
  /** VS Code's `http.proxyStrictSSL`. */
  strictSSL?: boolean;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/**
 * An undici dispatcher that enforces the three timeouts and routes through the configured
 * proxy (VS Code's `http.proxy`, else the environment's), never proxying loopback.
 */
export function createDispatcher(timeouts: Timeouts, proxy: ProxySettings = {}, env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const base = {
    connect: { timeout: timeouts.connectMs, rejectUnauthorized: proxy.strictSSL !== false },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
  };
  const explicit = proxy.proxy?.trim();
  const envProxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!explicit && !envProxy) return createAgent(base);

  const noProxy = [env.NO_PROXY || env.no_proxy || '', ...(proxy.noProxy ?? []), ...LOOPBACK].filter(Boolean).join(',');
  return createEnvHttpProxyAgent({
    ...base,
    httpProxy: explicit || env.HTTP_PROXY || env.http_proxy || envProxy,
    httpsProxy: explicit || envProxy,
    noProxy,
  });
}
