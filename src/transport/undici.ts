/**
 * The transport's door to undici (./undiciParts), which is required on first use: evaluating
 * undici is most of the extension's load time, and activation must not pay for it.
 */
import type { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';

export type { Dispatcher };

let parts: typeof import('./undiciParts') | undefined;

function undici(): typeof import('./undiciParts') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (parts ??= require('./undiciParts') as typeof import('./undiciParts'));
}

/** A connection pool per origin (undici's Agent). */
export function createAgent(options: Agent.Options): Dispatcher {
  return new (undici().Agent)(options);
}

/** An Agent that routes through HTTP(S) proxies, bypassing `noProxy` hosts (undici's EnvHttpProxyAgent). */
export function createEnvHttpProxyAgent(options: EnvHttpProxyAgent.Options): Dispatcher {
  return new (undici().EnvHttpProxyAgent)(options);
}

export interface RequestInit {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  dispatcher: Dispatcher;
}

/** Sends one request through `init.dispatcher`; the same contract as undici's `request()`. */
export function request(url: URL, init: RequestInit): Promise<Dispatcher.ResponseData> {
  return undici().request.call(init.dispatcher, {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
}
