/**
 * The parts of undici the transport uses, loaded from their own modules. undici's main
 * entry also loads fetch, WebSocket, EventSource and caches (~500 KB minified), which the
 * extension never uses; these deep paths keep the bundle and activation small. undici is pinned
 * to 7.x in package.json because these paths are not its public API; the transport tests cover them.
 * Built on its own as dist/undici.js and required by ./lazyUndici on the first request (esbuild.js).
 */
import type { Agent as AgentType, Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentType, Pool as PoolType } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
export const Agent: typeof AgentType = require('undici/lib/dispatcher/agent.js');
export const EnvHttpProxyAgent: typeof EnvHttpProxyAgentType = require('undici/lib/dispatcher/env-http-proxy-agent.js');
export const Pool: typeof PoolType = require('undici/lib/dispatcher/pool.js');
export const request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> = require('undici/lib/api/index.js').request;

// A proxy tunnel is opened with the proxy client's `connect()`, which undici's main entry adds
// to every dispatcher; without it every request through a proxy fails ("connect is not a function").
const DispatcherBase: { prototype: { connect?: unknown } } = require('undici/lib/dispatcher/dispatcher.js');
DispatcherBase.prototype.connect ??= require('undici/lib/api/api-connect.js');
/* eslint-enable @typescript-eslint/no-require-imports */
