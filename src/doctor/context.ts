import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { noAuth, type CredentialProvider, type RequestAuth } from '../transport/auth';
import { configuredProxy, createDispatcher, noProxyEntries, type HttpSettings } from '../transport/dispatcher';
import type { EndpointOptions } from '../transport/endpointClient';
import { isLoopbackHost } from '../transport/endpointUrl';
import type { Dispatcher } from '../transport/lazyUndici';
import type { TransportConfig } from '../transport/streamAnswer';
import { TrustedCertificates } from '../transport/trustedCertificates';

/** What the checks read: the settings the transport uses, and the model setting. */
export interface DoctorSettings extends EndpointOptions {
  modelId: string;
}

/** Everything the endpoint check needs from outside; the optional parts are for tests. */
export interface DoctorDeps {
  settings: DoctorSettings;
  /** VS Code's `http.*` settings (proxy, certificates), as the transport reads them. */
  http: HttpSettings;
  readApiKey: () => PromiseLike<string | undefined>;
  userAgent: string;
  /** Proxy variables, NODE_EXTRA_CA_CERTS, AWS_PROFILE and the AWS file locations (default: process.env). */
  env?: NodeJS.ProcessEnv;
  certificates?: TrustedCertificates;
  /** This machine's clock (ms), compared with the endpoint's Date header. */
  now?: () => number;
  /** Resolves a host name to addresses (default: the operating system's resolver, as connections use). */
  lookup?: (hostname: string) => Promise<string[]>;
  /** Replaces the AWS SDK's credential chain. */
  credentials?: CredentialProvider;
  /** Home folder holding .aws/config and .aws/credentials (default: the user's). */
  homeDir?: string;
}

/** What the checks share while they run: the parsed URL, the auth to send, what earlier checks learned. */
export class DoctorContext {
  url: URL | undefined;
  auth: RequestAuth = noAuth;
  /** The endpoint's Date header and this machine's clock when it arrived (ms). */
  clocks: { endpointMs: number; localMs: number } | undefined;
  /** The `start` event's model of the streaming request, and its time to first byte. */
  answered: { model: string; firstByteMs: number } | undefined;
  private dispatcherPromise: Promise<Dispatcher> | undefined;

  constructor(readonly deps: DoctorDeps) {}

  get settings(): DoctorSettings {
    return this.deps.settings;
  }

  get env(): NodeJS.ProcessEnv {
    return this.deps.env ?? process.env;
  }

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The URL (set by the URL shape check, which runs first and blocks the rest when it fails). */
  get endpointUrl(): URL {
    if (!this.url) throw new Error('The URL shape check has not run.');
    return this.url;
  }

  /** A dispatcher built by the transport's own rules: the same proxy, certificate authorities and timeouts. */
  dispatcher(): Promise<Dispatcher> {
    this.dispatcherPromise ??= (async () => {
      const http = this.deps.http;
      const certificates = this.deps.certificates ?? new TrustedCertificates({ env: this.env });
      const ca = await certificates.load(http.systemCertificates !== false);
      return createDispatcher(this.settings.timeouts, http, this.env, ca);
    })();
    return this.dispatcherPromise;
  }

  /** How the transport is set up for a request: the endpoint, the auth found so far, this dispatcher, the user agent and the answer limits. */
  async transportConfig(): Promise<TransportConfig> {
    const settings = this.settings;
    return { endpoint: settings.endpoint, auth: this.auth, dispatcher: await this.dispatcher(), userAgent: this.deps.userAgent, limits: settings.answerLimits };
  }

  /** The host's addresses, by the resolver the connection uses. */
  async resolve(hostname: string): Promise<string[]> {
    if (this.deps.lookup) return this.deps.lookup(hostname);
    const found: LookupAddress[] = await lookup(hostname, { all: true });
    return found.map((entry) => entry.address);
  }

  /** The proxy requests to `url` go through (without any user:password), or undefined when they go direct. */
  proxyFor(url: URL): string | undefined {
    const configured = configuredProxy(this.deps.http, this.env);
    if (!configured || isBypassed(url.hostname, noProxyEntries(this.deps.http, this.env))) return undefined;
    try {
      const proxy = new URL(configured);
      return `${proxy.protocol}//${proxy.host}`;
    } catch {
      return configured.replace(/\/\/[^@/]*@/, '//');
    }
  }

  async dispose(): Promise<void> {
    const dispatcher = await this.dispatcherPromise?.catch(() => undefined);
    await dispatcher?.close();
  }
}

/** NO_PROXY's rule, as undici applies it: `*`, an exact host, or a domain suffix (`.example.com` or `example.com`); loopback always. */
function isBypassed(hostname: string, lists: string[]): boolean {
  if (isLoopbackHost(hostname)) return true;
  const entries = lists.flatMap((list) => list.split(/[\s,]+/)).map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, '')).filter(Boolean);
  const host = hostname.toLowerCase();
  return entries.some((entry) => entry === '*' || host === entry.replace(/^\*?\./, '') || host.endsWith(entry.startsWith('.') ? entry : `.${entry.replace(/^\*\./, '')}`));
}
