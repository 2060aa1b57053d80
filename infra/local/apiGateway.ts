/**
 * A local stand-in for API Gateway REST with response streaming (`responseTransferMode: STREAM`)
 * in front of a streaming Lambda: `POST /chat` and `GET /models` → a REST proxy event (its
 * `resource` names the route) → the real handler through the `awslambda` shim; any other method
 * or path is API Gateway's 403 "Missing Authentication Token". The Lambda's byte stream is parsed like API Gateway does (JSON prelude +
 * 8 NUL bytes → status and headers), then every chunk is relayed at once (or, with
 * `responseTransferMode: 'BUFFERED'`, the whole response when the Lambda ends). Auth (none, apiKey,
 * SigV4), the 10 MB response cap (then the stream is cut), the integration timeout and the
 * function timeout behave as deployed. Unlike API Gateway it serves only the local user: web
 * pages (any `Origin`, a foreign `Host`) get 403 and `POST /chat` needs a JSON content type (415),
 * since a page may send `text/plain` to any port without asking.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { StreamingHandler } from '../lambda/runtime';
import { authorize, type GatewayAuth } from './gatewayAuth';
import { gatewayError } from './gatewayError';
import { lambdaContext } from './lambdaContext';
import { LocalResponseStream } from './lambdaShim';
import { baseUrl, listen } from './listen';
import { boundHostNames, foreignRequestReason } from './localOnly';
import { buildProxyEvent } from './proxyEvent';
import { readBody } from './readBody';
import { ResponseRelay } from './responseRelay';

/** The emulated API: the Lambda it calls, its auth (GatewayAuth), limits and timeouts. */
export interface ApiGatewayOptions extends GatewayAuth {
  handler: StreamingHandler<APIGatewayProxyEvent>;
  port?: number;
  host?: string;
  stage?: string;
  /** Lambda timeout: the remaining time the handler sees, then the invocation is cut. Default 15 min. */
  functionTimeoutMs?: number;
  /** API Gateway's integration timeout (streaming: up to 15 min). */
  integrationTimeoutMs?: number;
  /** Bytes relayed to the client before the stream is cut. Default 10 MB. */
  maxResponseBytes?: number;
  /** Request payload limit (API Gateway: 10 MB). */
  maxRequestBytes?: number;
  /** Test aid: relay each chunk in pieces of this many bytes (as a slow network would split it). */
  fragmentBytes?: number;
  /** STREAM (default): each chunk is relayed as it comes. BUFFERED: the whole response is held until the Lambda ends, as a non-streaming integration does. */
  responseTransferMode?: ResponseTransferMode;
  log?: (line: string) => void;
}

const MB = 1024 * 1024;

/** API Gateway's integration setting of the same name. */
export type ResponseTransferMode = 'STREAM' | 'BUFFERED';
/** The API's methods, as the stack defines them: both integrate the same Lambda with the same auth. */
const ROUTES = [
  { method: 'POST', path: '/chat' },
  { method: 'GET', path: '/models' },
] as const;
const MISSING_TOKEN = 'Missing Authentication Token';

export class LocalApiGateway {
  private readonly server: http.Server;
  private readonly open = new Set<http.ServerResponse>();

  private constructor(private readonly options: ApiGatewayOptions) {
    this.server = http.createServer({ noDelay: true }, (req, res) => void this.handle(req, res));
  }

  /** Starts listening (port 0 = a free port). */
  static async start(options: ApiGatewayOptions): Promise<LocalApiGateway> {
    const gw = new LocalApiGateway(options);
    await listen(gw.server, options.port, options.host);
    return gw;
  }

  /** Base URL, e.g. http://127.0.0.1:8787 */
  get url(): string {
    return baseUrl(this.server);
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    res.setHeader('x-amzn-RequestId', requestId);
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const url = new URL(req.url ?? '/', 'http://localhost');

    const foreign = foreignRequestReason(req.headers, (this.server.address() as AddressInfo).port, boundHostNames(this.options.host));
    if (foreign) return gatewayError(res, 403, foreign, 'ForbiddenException');
    const route = ROUTES.find((r) => r.method === req.method && r.path === url.pathname);
    if (!route) return gatewayError(res, 403, MISSING_TOKEN, 'MissingAuthenticationTokenException');
    if (route.method === 'POST' && !isJson(req.headers['content-type'])) {
      return gatewayError(res, 415, `Unsupported Media Type: POST /chat takes a JSON body with content-type: application/json (got ${JSON.stringify(req.headers['content-type'] ?? 'none')}).`, 'UnsupportedMediaTypeException');
    }
    const body = await readBody(req, this.options.maxRequestBytes ?? 10 * MB);
    if (!body) return gatewayError(res, 413, 'Request Too Long', 'RequestTooLongException');

    const verdict = await authorize(req, url, body, this.options);
    if (!verdict.ok) return gatewayError(res, 403, verdict.message, verdict.errorType);

    const event = buildProxyEvent(req, url, body, requestId, this.options.stage ?? 'local', verdict.identity, started, route.path);
    await this.invoke(event, res, requestId, started);
  }

  /** Runs the handler and relays its stream; enforces the timeouts. */
  private async invoke(event: APIGatewayProxyEvent, res: http.ServerResponse, requestId: string, started: number): Promise<void> {
    const functionTimeoutMs = this.options.functionTimeoutMs ?? 15 * 60 * 1000;
    const buffered = this.options.responseTransferMode === 'BUFFERED';
    const relay = new ResponseRelay(res, this.options.maxResponseBytes ?? 10 * MB, this.options.fragmentBytes, buffered);
    const stream = new LocalResponseStream(relay);
    relay.stream = stream;
    const deadline = Date.now() + functionTimeoutMs;
    const context = lambdaContext(randomUUID(), deadline, functionTimeoutMs);

    const functionTimer = setTimeout(() => relay.cut(502, 'Internal server error', 'Task timed out (function timeout)'), functionTimeoutMs);
    const integrationTimer = setTimeout(
      () => relay.cut(504, 'Endpoint request timed out', 'integration timeout'),
      this.options.integrationTimeoutMs ?? 15 * 60 * 1000,
    );
    // A handler that never returns must not keep the timers (and the process) alive.
    void relay.finished.then(() => {
      clearTimeout(functionTimer);
      clearTimeout(integrationTimer);
    });
    try {
      await this.options.handler(event, stream, context);
      if (!stream.writableEnded && !stream.destroyed) stream.end();
    } catch (err) {
      relay.cut(502, 'Internal server error', `handler error: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(functionTimer);
      clearTimeout(integrationTimer);
    }
    await relay.finished;
    this.options.log?.(
      JSON.stringify({
        requestId,
        status: relay.status,
        responseTransferMode: buffered ? 'BUFFERED' : 'STREAMED',
        timeToFirstContentMs: relay.firstContentAt ? relay.firstContentAt - started : undefined,
        latencyMs: Date.now() - started,
        bytes: relay.bytes,
        ...(relay.cutReason ? { cut: relay.cutReason } : {}),
        ...(relay.clientLeftAt ? { clientLeftAfterMs: relay.clientLeftAt - started } : {}),
      }),
    );
  }
}

/** `application/json`, with or without parameters such as `charset=utf-8`. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}
