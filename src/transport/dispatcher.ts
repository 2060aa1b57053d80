import { createSecureContext, type ConnectionOptions } from 'node:tls';
import { LOOPBACK_HOSTS } from '../protocol/wire';
import { createAgent, createEnvHttpProxyAgent, createProxyClient, type Dispatcher } from './lazyUndici';
import * as l10n from '../util/l10n';

export interface Timeouts {
  /** Time allowed to open the TCP/TLS connection. */
  connectMs: number;
  /** Time allowed from sending the request until the response headers arrive. */
  firstByteMs: number;
  /** Longest allowed gap between two chunks of the body. */
  idleMs: number;
}

/** VS Code's `http.*` settings that shape how the transport connects. */
export interface HttpSettings {
  /** VS Code's `http.proxy`; empty to use HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string;
  /** Hosts that bypass the proxy (VS Code's `http.noProxy`), added to NO_PROXY. */
  noProxy?: string[];
  /** VS Code's `http.proxyStrictSSL`: false turns every certificate check off (endpoint and proxy). */
  strictSSL?: boolean;
  /** VS Code's `http.systemCertificates`: trust the operating system's certificates too (default true). */
  systemCertificates?: boolean;
}

/** Said once in the log and in Configure Endpoint's test while `http.proxyStrictSSL` is false. */
export const certificateChecksOff = () =>
  l10n.t(
    'Certificate checks are off (http.proxyStrictSSL is false): the endpoint and proxy are not verified, so anyone on the network path could read or change what is sent. Ask Bedrock trusts the certificates your system trusts and NODE_EXTRA_CA_CERTS, so the setting may not be needed.',
  );

/**
 * An undici dispatcher that enforces the three timeouts and routes through the configured
 * proxy (VS Code's `http.proxy`, else the environment's), never proxying LOOPBACK_HOSTS. `ca` are the
 * certificate authorities to trust (TrustedCertificates) for the endpoint and an https proxy
 * alike; without it, Node's own.
 */
export function createDispatcher(timeouts: Timeouts, http: HttpSettings = {}, env: NodeJS.ProcessEnv = process.env, ca?: string[]): Dispatcher {
  const tls: ConnectionOptions = {
    timeout: timeouts.connectMs,
    rejectUnauthorized: http.strictSSL !== false,
    // One context for every connection: given `ca` instead, Node would parse every certificate again per connection.
    ...(ca ? { secureContext: createSecureContext({ ca }) } : {}),
  };
  const base = { connect: tls, headersTimeout: timeouts.firstByteMs, bodyTimeout: timeouts.idleMs };
  const explicit = http.proxy?.trim();
  const envProxy = environmentProxy(env);
  if (!explicit && !envProxy) return createAgent(base);

  const noProxy = [...noProxyEntries(http, env), ...LOOPBACK_HOSTS].join(',');
  return createEnvHttpProxyAgent({
    ...base,
    // Through a proxy undici ignores `connect`: TLS to the endpoint (in the tunnel) and to an https proxy are set here.
    requestTls: tls,
    proxyTls: tls,
    httpProxy: explicit || env.HTTP_PROXY || env.http_proxy || envProxy,
    httpsProxy: explicit || envProxy,
    noProxy,
    clientFactory: createProxyClient,
  });
}

/** The proxy from the environment: HTTPS_PROXY, https_proxy, HTTP_PROXY, http_proxy (the first set); undefined for none. */
function environmentProxy(env: NodeJS.ProcessEnv): string | undefined {
  return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
}

/** The proxy requests go through: VS Code's `http.proxy`, else the environment's; undefined when they go direct. */
export function configuredProxy(http: HttpSettings, env: NodeJS.ProcessEnv): string | undefined {
  return http.proxy?.trim() || environmentProxy(env);
}

/** The lists of hosts that bypass the proxy: NO_PROXY (else no_proxy) and `http.noProxy`; LOOPBACK_HOSTS bypass it too, always. */
export function noProxyEntries(http: HttpSettings, env: NodeJS.ProcessEnv): string[] {
  return [env.NO_PROXY || env.no_proxy || '', ...(http.noProxy ?? [])].filter(Boolean);
}
