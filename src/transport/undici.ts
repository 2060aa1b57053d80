/**
 * The three parts of undici the transport uses, loaded from their own modules. undici's main
 * entry also loads fetch, WebSocket, EventSource and caches (~500 KB minified), which the
 * extension never uses; these deep paths keep the bundle and activation small. undici is pinned
 * to 7.x in package.json because these paths are not its public API; the transport tests cover them.
 */
import type { Agent as AgentType, Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentType } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const AgentClass: typeof AgentType = require('undici/lib/dispatcher/agent.js');
const EnvHttpProxyAgentClass: typeof EnvHttpProxyAgentType = require('undici/lib/dispatcher/env-http-proxy-agent.js');
const api: { request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> } = require('undici/lib/api/index.js');
/* eslint-enable @typescript-eslint/no-require-imports */

export { AgentClass as Agent, EnvHttpProxyAgentClass as EnvHttpProxyAgent };
export type { Dispatcher };

export interface RequestInit {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  dispatcher: Dispatcher;
}

/** Sends one request through `init.dispatcher`; the same contract as undici's `request()`. */
export function request(url: URL, init: RequestInit): Promise<Dispatcher.ResponseData> {
  return api.request.call(init.dispatcher, {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
}
