/**
 * The transport's door to undici: the parts it uses (./undiciBundle, built on its own as
 * dist/undici.js) are required on first use, because evaluating undici is most of the
 * extension's load time and activation must not pay for it.
 */
import type { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';
import { TransportError } from './errors';
import * as l10n from '../util/l10n';

export type { Dispatcher };

let parts: typeof import('./undiciBundle') | undefined;

function undici(): typeof import('./undiciBundle') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (parts ??= require('./undiciBundle') as typeof import('./undiciBundle'));
}

/** A connection pool per origin (undici's Agent). */
export function createAgent(options: Agent.Options): Dispatcher {
  return new (undici().Agent)(options);
}

/** An Agent that routes through HTTP(S) proxies, bypassing `noProxy` hosts (undici's EnvHttpProxyAgent). */
export function createEnvHttpProxyAgent(options: EnvHttpProxyAgent.Options): Dispatcher {
  return new (undici().EnvHttpProxyAgent)(options);
}

/**
 * The client for a proxy (ProxyAgent's `clientFactory`), with which a tunnel the proxy drops while
 * it is being opened fails the request. undici 7 takes that socket error for a recoverable one and
 * reconnects in a tight loop, thousands of times a second, for as long as the dispatcher lives
 * (nodejs/undici#3897, fixed upstream by #5441, not in 7.x).
 */
export function createProxyClient(origin: URL, options: object): Dispatcher {
  const pool = new (undici().Pool)(origin, options);
  const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
  return Object.assign(pool, {
    connect: (connectOptions: Dispatcher.ConnectOptions) =>
      connect(connectOptions).catch((err: unknown) => {
        if ((err as { code?: unknown }).code !== 'UND_ERR_SOCKET') throw err;
        throw new TransportError('network', l10n.t('The proxy closed the connection instead of opening a tunnel to the endpoint. Check the proxy setting (http.proxy or HTTPS_PROXY) and that the proxy lets this endpoint through.'), {
          code: 'ProxyClosed',
          retryable: true,
          cause: err,
        });
      }),
  });
}

export interface RequestInit {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  /** None for a GET. */
  body?: string;
  signal: AbortSignal;
  dispatcher: Dispatcher;
}

/**
 * Sends one request through `init.dispatcher`; the same contract as undici's `request()`, except
 * that an abort always rejects it at once with the signal's reason.
 */
export function request(url: URL, init: RequestInit): Promise<Dispatcher.ResponseData> {
  const { signal } = init;
  const pending = undici().request.call(init.dispatcher, {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal,
  });
  // undici ignores the abort of a request still waiting for its connection (a proxy that never answers CONNECT: 5 min).
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        // Arrived after the abort: nobody will read it.
        if (signal.aborted) response.body.destroy();
        resolve(response);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
