/**
 * Scripted endpoint faults and a loopback server that plays them: shared by the unit fault
 * matrix (transport alone) and its pass through the real extension in a VS Code host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { listen } from '../../infra/local/listen';
import { encodeSseEvent } from '../../src/protocol';
import type { TransportError } from '../../src/transport/errors';
import { settledHeap } from '../settledHeap';

/** One scripted misbehaviour of an endpoint and what the user must see. */
export interface Fault {
  name: string;
  serve: (req: IncomingMessage, res: ServerResponse, socket: Socket) => void;
  /** Settings (askBedrock.limits.answerMegabytes / timeouts.answerSeconds) the fault is played with; defaults otherwise. */
  limits?: { answerMegabytes?: number; answerSeconds?: number };
  /** The fault floods the client: heap growth while it plays, and with its kept text afterwards, stays below this. */
  heapBoundMb?: number;
  expect: { kind?: TransportError['kind']; code?: string; message: RegExp; text?: string | RegExp; retryable?: boolean };
}

/** SSE text for the given events. */
export const sse = (...events: Parameters<typeof encodeSseEvent>[0][]) => events.map(encodeSseEvent).join('');
/** Answers with an API Gateway-style JSON error. */
export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * Writes `piece` again and again (respecting backpressure) until the client goes away; ends the
 * response after `safetyBytes` so a client without bounds fails its assertions instead of the machine.
 */
export function flood(res: ServerResponse, piece: string | Buffer, safetyBytes: number): void {
  const bytes = Buffer.from(piece);
  let sent = 0;
  const pump = () => {
    while (!res.destroyed && sent < safetyBytes) {
      sent += bytes.length;
      if (!res.write(bytes)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** Writes `piece` every `everyMs` until the client goes away, ending the response after `safetyMs`. */
export function trickle(res: ServerResponse, piece: string, everyMs: number, safetyMs: number, last = ''): void {
  const started = Date.now();
  const timer = setInterval(() => {
    if (res.destroyed) return void clearInterval(timer);
    if (Date.now() - started < safetyMs) return void res.write(piece);
    clearInterval(timer);
    res.end(last);
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Heap (MB) above a settled baseline: at its highest while `run` played, and settled afterwards with its result still held. */
export async function measureHeap<T>(run: () => Promise<T>): Promise<{ result: T; peakMb: number; keptMb: number }> {
  const before = await settledHeap();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    clearInterval(sampler);
    const kept = await settledHeap();
    return { result, peakMb: (peak - before) / 2 ** 20, keptMb: (kept - before) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

const FLOOD_SAFETY_BYTES = 128 * 2 ** 20;
const PLAIN_TEXT_ERROR = 'ThrottlingException: Too many requests, please wait before trying again.';

/** The client fault matrix: every case the transport must turn into a clear message. */
export const ENDPOINT_FAULTS: Fault[] = [
  { name: 'reset before headers', serve: (_q, _r, socket) => socket.destroy(), expect: { message: /closed unexpectedly|reset|failed/i, retryable: true } },
  {
    name: 'reset mid-stream',
    serve: (_q, res, socket) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ type: 'delta', text: 'half an ans' }), () => setTimeout(() => socket.destroy(), 30));
    },
    expect: { message: /closed|cut|reset/i, text: 'half an ans', retryable: true },
  },
  { name: 'stall before the first byte', serve: () => undefined, expect: { code: 'FirstByteTimeout', message: /did not start answering/ } },
  {
    name: 'stall mid-stream',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ type: 'delta', text: 'so far' }));
    },
    expect: { code: 'IdleTimeout', message: /stalled/, text: 'so far' },
  },
  { name: '400 with our error body', serve: (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: '"messages" must end with a user turn.' } }), expect: { kind: 'badRequest', message: /must end with a user turn/ } },
  { name: '401', serve: (_q, res) => json(res, 401, { message: 'Unauthorized' }), expect: { kind: 'auth', message: /Unauthorized/ } },
  { name: '403 Forbidden (API key)', serve: (_q, res) => json(res, 403, { message: 'Forbidden' }), expect: { kind: 'auth', message: /API key/ } },
  { name: '403 Missing Authentication Token', serve: (_q, res) => json(res, 403, { message: 'Missing Authentication Token' }), expect: { kind: 'auth', message: /path or method/ } },
  { name: '404', serve: (_q, res) => json(res, 404, { message: 'Not Found' }), expect: { kind: 'notFound', message: /full URL/ } },
  { name: '413', serve: (_q, res) => json(res, 413, { error: { code: 'PayloadTooLarge', message: 'Request body is over 262144 bytes.' } }), expect: { kind: 'tooLarge', message: /Select less code/ } },
  { name: '429 without Retry-After', serve: (_q, res) => json(res, 429, { message: 'Too Many Requests' }), expect: { kind: 'throttled', message: /throttling/, retryable: true } },
  { name: '429 with a long Retry-After', serve: (_q, res) => json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '90' }), expect: { kind: 'throttled', message: /90 s/ } },
  { name: '500', serve: (_q, res) => json(res, 500, { message: 'Internal server error' }), expect: { kind: 'server', message: /500.*Internal server error/, retryable: true } },
  { name: '502 (Lambda crashed)', serve: (_q, res) => json(res, 502, { message: 'Internal server error' }), expect: { kind: 'server', message: /502/ } },
  { name: '503', serve: (_q, res) => json(res, 503, { error: { code: 'ServiceUnavailableException', message: 'Bedrock is unavailable' } }), expect: { code: 'ServiceUnavailableException', message: /unavailable/ } },
  { name: '504 (integration timeout)', serve: (_q, res) => json(res, 504, { message: 'Endpoint request timed out' }), expect: { kind: 'timeout', message: /timed out/ } },
  {
    name: 'an HTML error page',
    serve: (_q, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Bad Gateway from proxy</title><script>x()</script></head><body>…</body></html>');
    },
    expect: { kind: 'server', message: /Bad Gateway from proxy/ },
  },
  {
    name: 'malformed SSE data',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'delta', text: 'ok ' }) + 'event: delta\ndata: {"text": \n\n');
    },
    expect: { kind: 'protocol', message: /malformed/, text: 'ok ' },
  },
  {
    name: 'a stream with no end',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'start', id: 'x', model: 'm' }, { type: 'delta', text: 'cut here' }));
    },
    expect: { kind: 'cut', code: 'Truncated', message: /cut off/, text: 'cut here' },
  },
  {
    name: 'an error event after text',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ type: 'delta', text: 'partial' }, { type: 'error', code: 'ModelStreamErrorException', message: 'The model failed', retryable: true }));
    },
    expect: { kind: 'endpoint', code: 'ModelStreamErrorException', message: /model failed/, text: 'partial' },
  },
  {
    name: 'an endless line without a newline',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ type: 'delta', text: 'before the flood' }) + 'event: delta\ndata: ');
      flood(res, 'x'.repeat(64 * 1024), FLOOD_SAFETY_BYTES);
    },
    heapBoundMb: 32,
    expect: { kind: 'protocol', code: 'EventTooLarge', message: /over 1 MB.*text so far is kept/, text: 'before the flood' },
  },
  {
    name: 'an endless stream of deltas',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      flood(res, sse(...Array.from({ length: 64 }, () => ({ type: 'delta' as const, text: 'endless '.repeat(128) }))), FLOOD_SAFETY_BYTES);
    },
    limits: { answerMegabytes: 1 },
    heapBoundMb: 32,
    expect: { kind: 'tooLarge', code: 'AnswerTooLarge', message: /passed the 1 MB limit \(askBedrock\.limits\.answerMegabytes\).*text so far is kept/, text: 'endless '.repeat(128 * 1024) },
  },
  {
    name: 'a stream that outlives the answer time limit',
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      trickle(res, sse({ type: 'delta', text: 'tick ' }), 100, 8000, sse({ type: 'end', stopReason: 'end_turn' }));
    },
    limits: { answerSeconds: 1 },
    heapBoundMb: 32,
    expect: { kind: 'timeout', code: 'AnswerTooLong', message: /longer than 1 s \(askBedrock\.timeouts\.answerSeconds\).*text so far is kept/, text: /^(tick )+$/, retryable: true },
  },
  {
    name: "the blog Lambda's text/plain error trailer",
    serve: (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.write('A partial answer, ');
      setTimeout(() => res.end(`cut by Bedrock.\n[ERROR]\n${PLAIN_TEXT_ERROR}`), 20);
    },
    expect: { kind: 'endpoint', code: 'EndpointError', message: /reported an error: ThrottlingException: Too many requests/, text: 'A partial answer, cut by Bedrock.', retryable: true },
  },
];

/** A well-behaved answer: `fine`, then `end`. */
export const healthy: Fault['serve'] = (_q, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(sse({ type: 'delta', text: 'fine' }, { type: 'end', stopReason: 'end_turn' }));
};

/** A loopback server whose every response is played by the current `fault` (initially healthy). */
export interface FaultServer {
  /** `http://127.0.0.1:<port>/chat` */
  endpoint: string;
  port: number;
  /** Scripts the next responses. */
  play(serve: Fault['serve']): void;
  close(): Promise<void>;
}

/** Starts a FaultServer on a free loopback port. */
export async function startFaultServer(): Promise<FaultServer> {
  let serve: Fault['serve'] = healthy;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => serve(req, res, req.socket));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const origin = await listen(server);
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `${origin}/chat`,
    port,
    play: (next) => {
      serve = next;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
