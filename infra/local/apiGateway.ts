/**
 * A local stand-in for API Gateway REST with response streaming (`responseTransferMode: STREAM`)
 * in front of a streaming Lambda: `POST /chat` → a REST proxy event → the real handler through
 * the `awslambda` shim. The Lambda's byte stream is parsed like API Gateway does (JSON prelude +
 * 8 NUL bytes → status and headers), then every chunk is relayed at once. Auth (none, apiKey,
 * SigV4), the 10 MB response cap (then the stream is cut), the integration timeout and the
 * function timeout behave as deployed. Unlike API Gateway it serves only the local user: web
 * pages (any `Origin`, a foreign `Host`) get 403 and `POST /chat` needs a JSON content type (415),
 * since a page may send `text/plain` to any port without asking.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { StreamingHandler } from '../lambda/runtime';
import { baseUrl, listen } from './listen';
import { LocalResponseStream, PRELUDE_CONTENT_TYPE, PRELUDE_DELIMITER, type ResponseSink } from './lambdaShim';
import { boundHostNames, foreignRequestReason } from './localOnly';
import { verifySigV4, type IamCredentials } from './sigv4Verify';

export type AuthMode = 'none' | 'apiKey' | 'iam';

export interface ApiGatewayOptions {
  handler: StreamingHandler<APIGatewayProxyEvent>;
  port?: number;
  host?: string;
  auth?: AuthMode;
  /** Required for `apiKey`. */
  apiKey?: string;
  /** Required for `iam`: the one identity allowed to call. */
  iamCredentials?: IamCredentials;
  region?: string;
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
  log?: (line: string) => void;
}

const MB = 1024 * 1024;
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
    if (url.pathname !== '/chat' || req.method !== 'POST') return gatewayError(res, 403, MISSING_TOKEN, 'MissingAuthenticationTokenException');
    if (!isJson(req.headers['content-type'])) {
      return gatewayError(res, 415, `Unsupported Media Type: POST /chat takes a JSON body with content-type: application/json (got ${JSON.stringify(req.headers['content-type'] ?? 'none')}).`, 'UnsupportedMediaTypeException');
    }
    const body = await readBody(req, this.options.maxRequestBytes ?? 10 * MB);
    if (!body) return gatewayError(res, 413, 'Request Too Long', 'RequestTooLongException');

    const identity: Partial<APIGatewayProxyEvent['requestContext']['identity']> = {};
    const denied = await this.authorize(req, res, url, body, identity);
    if (denied) return;

    const event = buildEvent(req, url, body, requestId, this.options.stage ?? 'local', identity, started);
    await this.invoke(event, res, requestId, started);
  }

  /** Applies the auth mode; answers the request and returns true when it is rejected. */
  private async authorize(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    body: Buffer,
    identity: Partial<APIGatewayProxyEvent['requestContext']['identity']>,
  ): Promise<boolean> {
    switch (this.options.auth ?? 'none') {
      case 'none':
        return false;
      case 'apiKey': {
        const key = req.headers['x-api-key'];
        if (typeof key !== 'string' || key !== this.options.apiKey) {
          gatewayError(res, 403, 'Forbidden', 'ForbiddenException');
          return true;
        }
        identity.apiKey = key;
        identity.apiKeyId = 'local-api-key';
        return false;
      }
      case 'iam': {
        const creds = this.options.iamCredentials;
        if (!creds) throw new Error('iam auth needs iamCredentials');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
        const verdict = await verifySigV4(
          { method: req.method ?? 'POST', host: req.headers.host ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
          creds,
          this.options.region ?? 'us-east-1',
        );
        if (!verdict.ok) {
          gatewayError(res, 403, verdict.message, verdict.errorType);
          return true;
        }
        identity.accessKey = verdict.accessKeyId;
        identity.caller = verdict.accessKeyId;
        identity.userArn = 'arn:aws:iam::000000000000:user/local';
        identity.user = verdict.accessKeyId;
        return false;
      }
    }
  }

  /** Runs the handler and relays its stream; enforces the timeouts. */
  private async invoke(event: APIGatewayProxyEvent, res: http.ServerResponse, requestId: string, started: number): Promise<void> {
    const functionTimeoutMs = this.options.functionTimeoutMs ?? 15 * 60 * 1000;
    const relay = new Relay(res, this.options.maxResponseBytes ?? 10 * MB, this.options.fragmentBytes);
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
        responseTransferMode: 'STREAMED',
        timeToFirstContentMs: relay.firstContentAt ? relay.firstContentAt - started : undefined,
        latencyMs: Date.now() - started,
        bytes: relay.bytes,
        ...(relay.cutReason ? { cut: relay.cutReason } : {}),
      }),
    );
  }
}

/** Parses the Lambda's byte stream (prelude, then body) and relays it to the client. */
class Relay implements ResponseSink {
  stream: LocalResponseStream | undefined;
  status = 0;
  bytes = 0;
  firstContentAt: number | undefined;
  cutReason: string | undefined;
  private pending: Buffer[] = [];
  private headersSent = false;
  private done = false;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    private readonly res: http.ServerResponse,
    private readonly maxBytes: number,
    private readonly fragmentBytes: number | undefined,
  ) {
    res.on('close', () => {
      // The client left: the Lambda is not told and keeps running; its output goes nowhere.
      this.done = true;
      this.resolveFinished();
    });
  }

  write(chunk: Buffer, callback: (err?: Error | null) => void): void {
    if (this.done) return callback();
    if (!this.headersSent) {
      if (this.stream?.contentType !== PRELUDE_CONTENT_TYPE) {
        this.sendHeaders(200, { 'content-type': this.stream?.contentType ?? 'application/octet-stream' });
      } else {
        this.pending.push(chunk);
        const buffered = Buffer.concat(this.pending);
        const at = buffered.indexOf(PRELUDE_DELIMITER);
        if (at < 0) return callback();
        this.pending = [];
        let prelude: { statusCode?: number; headers?: Record<string, string>; cookies?: string[] };
        try {
          prelude = JSON.parse(buffered.subarray(0, at).toString('utf8'));
        } catch {
          this.cut(502, 'Internal server error', 'malformed response prelude');
          return callback();
        }
        const headers: Record<string, string | string[]> = { ...prelude.headers };
        if (prelude.cookies?.length) headers['set-cookie'] = prelude.cookies;
        this.sendHeaders(prelude.statusCode ?? 200, headers);
        chunk = buffered.subarray(at + PRELUDE_DELIMITER.length);
        if (chunk.length === 0) return callback();
      }
    }
    void this.forward(chunk).then(() => callback(), callback);
  }

  end(): void {
    if (this.done) return;
    if (!this.headersSent) {
      // No prelude came (end(body) without write() loses it): API Gateway sees a bare body.
      const body = Buffer.concat(this.pending);
      this.sendHeaders(200, { 'content-type': 'application/json' });
      if (body.length) this.res.write(body);
    }
    this.done = true;
    this.res.end(() => this.resolveFinished());
  }

  /** Ends the exchange abnormally: a gateway error if nothing was sent yet, else the stream is cut. */
  cut(status: number, message: string, reason: string): void {
    if (this.done) return;
    this.cutReason = reason;
    this.done = true;
    this.stream?.destroy();
    if (!this.headersSent) {
      this.status = status;
      gatewayError(this.res, status, message, status === 504 ? 'IntegrationTimeout' : 'InternalServerErrorException');
      this.res.once('finish', () => this.resolveFinished());
    } else {
      // Close the connection without the final empty chunk: what was sent arrives, and the
      // client sees a stream that ended early (curl: "transfer closed with outstanding read data").
      const socket = this.res.socket;
      if (socket) socket.end(() => this.resolveFinished());
      else {
        this.res.destroy();
        this.resolveFinished();
      }
    }
  }

  private sendHeaders(status: number, headers: Record<string, string | string[]>): void {
    this.headersSent = true;
    this.status = status;
    for (const hop of ['connection', 'content-length', 'transfer-encoding', 'keep-alive']) delete headers[hop];
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
  }

  private async forward(chunk: Buffer): Promise<void> {
    if (this.done) return;
    this.firstContentAt ??= Date.now();
    const room = this.maxBytes - this.bytes;
    const over = chunk.length > room;
    if (over) chunk = chunk.subarray(0, room);
    const pieces = this.fragmentBytes ? split(chunk, this.fragmentBytes) : [chunk];
    for (const [i, piece] of pieces.entries()) {
      if (this.done) return;
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      this.bytes += piece.length;
      if (!this.res.write(piece)) await new Promise<void>((resolve) => this.res.once('drain', resolve).once('close', resolve));
    }
    if (over) this.cut(200, '', `response exceeded ${this.maxBytes} bytes`);
  }
}

function split(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

function gatewayError(res: http.ServerResponse, status: number, message: string, errorType: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-ErrorType': errorType });
  res.end(JSON.stringify({ message }));
}

/** `application/json`, with or without parameters such as `charset=utf-8`. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The REST API proxy event API Gateway sends to the Lambda. */
function buildEvent(
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  requestId: string,
  stage: string,
  identity: Partial<APIGatewayProxyEvent['requestContext']['identity']>,
  started: number,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  // Text bodies arrive as strings; bytes that are not UTF-8 arrive base64-encoded.
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = undefined;
  }
  const hasQuery = url.searchParams.size > 0;
  return {
    resource: '/chat',
    path: url.pathname,
    httpMethod: req.method ?? 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: body.length === 0 ? null : (text ?? body.toString('base64')),
    isBase64Encoded: body.length > 0 && text === undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      extendedRequestId: randomBytes(8).toString('base64url'),
      httpMethod: req.method ?? 'POST',
      path: `/${stage}${url.pathname}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestId,
      requestTime: new Date(started).toUTCString(),
      requestTimeEpoch: started,
      resourceId: 'local',
      resourcePath: '/chat',
      stage,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
        ...identity,
      },
    },
  };
}

function lambdaContext(awsRequestId: string, deadline: number, timeoutMs: number): Context {
  const fail = () => {
    throw new Error('Callback-style completion is not available to streaming handlers.');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'ask-bedrock-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:ask-bedrock-local',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/ask-bedrock-local',
    logStreamName: `local/${timeoutMs}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
