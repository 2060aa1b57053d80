/**
 * A fake Bedrock Runtime for the local stack and tests: `POST /model/{id}/converse-stream`
 * answered in `application/vnd.amazon.eventstream`, encoded with EventStreamCodec exactly as
 * Bedrock does, over h2c (what the SDK's default NodeHttp2Handler speaks) AND HTTP/1.1 on the
 * same port. Point the real BedrockRuntimeClient at it with `endpoint` (or
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME) and any credentials.
 *
 * The demo model answers in markdown about the prompt: it quotes it, gives a short list and a
 * fenced code block in a language that fits the prompt.
 *
 * Directives, anywhere in the last user message (tests going through every layer use them):
 *   [[fake:throttle]]         HTTP 429 ThrottlingException before the stream
 *   [[fake:validation]]       HTTP 400 ValidationException before the stream
 *   [[fake:access-denied]]    HTTP 403 AccessDeniedException before the stream
 *   [[fake:unavailable]]      HTTP 503 ServiceUnavailableException before the stream
 *   [[fake:mid-throttle]]     some text, then an in-stream throttlingException
 *   [[fake:mid-model-error]]  some text, then an in-stream modelStreamErrorException
 *   [[fake:drop]]             some text, then the connection is destroyed
 *   [[fake:stall]]            some text, then nothing (the connection stays open)
 *   [[fake:no-stop]]          the whole text, then the stream ends without messageStop
 *   [[fake:deltas=N]]         N short deltas of mixed Japanese/ASCII, as fast as possible
 *   [[fake:rate=N]]           N deltas per second for this answer
 *   [[fake:first=N]]          first delta after N ms
 *   [[fake:echo]]             the answer is the last user message, byte for byte
 *   [[fake:fenced]]           the answer is only a fenced code block (for insert-at-cursor)
 * The same behaviour can be queued programmatically: `fake.enqueue({ fault: 'mid-throttle' })`
 * applies to the next request (directives in that request still win).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { baseUrl, listen } from './listen';
import { boundHostNames, foreignRequestReason } from './localOnly';

export type PreStreamFault = 'throttle' | 'validation' | 'access-denied' | 'unavailable';
export type MidStreamFault = 'mid-throttle' | 'mid-model-error' | 'drop' | 'stall' | 'no-stop';
export type FakeFault = PreStreamFault | MidStreamFault;

/** How one answer behaves. Every field is optional; unset ones come from the server options. */
export interface FakeScript {
  fault?: FakeFault;
  /** The answer text (default: the demo answer, or the echo). */
  text?: string;
  /** Instead of text: N short mixed Japanese/ASCII deltas with no delay. */
  deltas?: number;
  /** Instead of text: exactly these deltas, with no delay. */
  pieces?: readonly string[];
  echo?: boolean;
  fenced?: boolean;
  firstTokenDelayMs?: number;
  tokensPerSecond?: number;
  /** Deltas sent before a mid-stream fault (default 3). */
  faultAfterDeltas?: number;
  stopReason?: string;
}

export interface FakeBedrockOptions {
  port?: number;
  host?: string;
  /** Delay before the first delta (default 300 ms). */
  firstTokenDelayMs?: number;
  /** Deltas per second (default 40). 0 or Infinity = no delay. */
  tokensPerSecond?: number;
}

/** One request the fake received (for assertions). */
export interface FakeRequest {
  modelId: string;
  httpVersion: string;
  headers: Record<string, string | string[] | undefined>;
  body: ConverseBody;
}

interface ConverseBody {
  messages?: { role: string; content: { text?: string }[] }[];
  system?: { text?: string }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number };
}

const DIRECTIVE = /\[\[fake:([a-z-]+)(?:=(\d+))?\]\]/g;
const FAULTS: readonly FakeFault[] = ['throttle', 'validation', 'access-denied', 'unavailable', 'mid-throttle', 'mid-model-error', 'drop', 'stall', 'no-stop'];

/** Reads the `[[fake:…]]` directives in a prompt into a script. */
export function parseDirectives(prompt: string): FakeScript {
  const script: FakeScript = {};
  for (const [, name, value] of prompt.matchAll(DIRECTIVE)) {
    const n = value === undefined ? undefined : Number(value);
    if ((FAULTS as readonly string[]).includes(name)) script.fault = name as FakeFault;
    else if (name === 'deltas' && n !== undefined) script.deltas = n;
    else if (name === 'rate' && n !== undefined) script.tokensPerSecond = n;
    else if (name === 'first' && n !== undefined) script.firstTokenDelayMs = n;
    else if (name === 'echo') script.echo = true;
    else if (name === 'fenced') script.fenced = true;
  }
  return script;
}

const PRE_STREAM: Record<PreStreamFault, { status: number; type: string; message: string }> = {
  throttle: { status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
  validation: { status: 400, type: 'ValidationException', message: 'Malformed input request, please reformat your input and try again.' },
  'access-denied': { status: 403, type: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." },
  unavailable: { status: 503, type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' },
};

type Res = http.ServerResponse | http2.Http2ServerResponse;
type Req = http.IncomingMessage | http2.Http2ServerRequest;

export class FakeBedrock {
  /** Every request received, oldest first. */
  readonly requests: FakeRequest[] = [];
  private readonly queue: FakeScript[] = [];
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private readonly sockets = new Set<net.Socket>();
  private readonly h1 = http.createServer((req, res) => void this.handle(req, res));
  private readonly h2 = http2.createServer((req, res) => void this.handle(req, res));
  // Node's plaintext http2 server has no HTTP/1.1 fallback: sniff the h2c preface ourselves.
  private readonly server = net.createServer((socket) => this.route(socket));
  private closed = false;

  private constructor(private readonly options: FakeBedrockOptions) {}

  /** Starts the fake on 127.0.0.1 (port 0 = a free port). */
  static async start(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
    const fake = new FakeBedrock(options);
    await listen(fake.server, options.port, options.host);
    return fake;
  }

  /** The base URL to give the SDK as `endpoint`. */
  get url(): string {
    return baseUrl(this.server);
  }

  /** Queues a script for the next request (FIFO). */
  enqueue(script: FakeScript): void {
    this.queue.push(script);
  }

  /** Stops listening and cuts every open connection (stalled streams included). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.once('data', (first) => {
      socket.pause();
      if (first.subarray(0, 3).toString('latin1') === 'PRI') {
        // The http2 session reads the native handle, which already gave us these bytes: hand it
        // a JS stream that replays them instead.
        this.h2.emit('connection', replay(socket, first));
      } else {
        socket.unshift(first);
        this.h1.emit('connection', socket);
        socket.resume();
      }
    });
  }

  private async handle(req: Req, res: Res): Promise<void> {
    const foreign = foreignRequestReason(req.headers, (this.server.address() as net.AddressInfo).port, boundHostNames(this.options.host));
    if (foreign) return sendError(res, 403, 'AccessDeniedException', foreign);
    const match = /^\/model\/([^/]+)\/converse-stream$/.exec((req.url ?? '').split('?')[0]);
    if (req.method !== 'POST' || !match) {
      return sendError(res, 404, 'UnknownOperationException', `No route for ${req.method} ${req.url}`);
    }
    let body: ConverseBody;
    try {
      body = JSON.parse(await readAll(req)) as ConverseBody;
    } catch {
      return sendError(res, 400, 'ValidationException', 'Malformed JSON body.');
    }
    const modelId = decodeURIComponent(match[1]);
    this.requests.push({ modelId, httpVersion: req.httpVersion, headers: { ...req.headers }, body });

    const prompt = lastUserText(body);
    const script: FakeScript = { ...this.queue.shift(), ...parseDirectives(prompt) };
    if (script.fault && script.fault in PRE_STREAM) {
      const e = PRE_STREAM[script.fault as PreStreamFault];
      return sendError(res, e.status, e.type, e.message);
    }
    await this.stream(res, script, prompt, body);
  }

  private async stream(res: Res, script: FakeScript, prompt: string, body: ConverseBody): Promise<void> {
    const started = Date.now();
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
    const rate = script.tokensPerSecond ?? this.options.tokensPerSecond ?? 40;
    const firstDelay = script.firstTokenDelayMs ?? this.options.firstTokenDelayMs ?? 300;
    const burst = script.pieces !== undefined || script.deltas !== undefined;
    const pieces = script.pieces ?? (script.deltas !== undefined ? mixedDeltas(script.deltas) : tokenize(answerFor(script, prompt)));
    const gap = burst || !rate || !Number.isFinite(rate) ? 0 : 1000 / rate;
    const faultAt = script.fault ? Math.min(script.faultAfterDeltas ?? 3, Math.max(pieces.length - 1, 1)) : Infinity;
    const gone = () => this.closed || res.destroyed || ('stream' in res && res.stream.destroyed);

    this.event(res, 'messageStart', { role: 'assistant' });
    this.event(res, 'contentBlockStart', { contentBlockIndex: 0, start: {} });
    await sleep(firstDelay);
    let outputTokens = 0;
    for (const [i, text] of pieces.entries()) {
      if (gone()) return;
      if (i === faultAt && script.fault !== 'no-stop') return this.midStreamFault(res, script.fault as MidStreamFault);
      if (i > 0 && gap > 0) await sleep(gap);
      else if (i > 0 && i % 50 === 0) await new Promise((r) => setImmediate(r));
      if (gone()) return;
      this.event(res, 'contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
      outputTokens++;
    }
    this.event(res, 'contentBlockStop', { contentBlockIndex: 0 });
    if (script.fault !== 'no-stop') this.event(res, 'messageStop', { stopReason: script.stopReason ?? 'end_turn' });
    const inputTokens = Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
    this.event(res, 'metadata', {
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: Date.now() - started },
    });
    res.end();
  }

  private midStreamFault(res: Res, fault: MidStreamFault): void {
    switch (fault) {
      case 'mid-throttle':
        this.exception(res, 'throttlingException', { message: 'Too many tokens, please wait before trying again.' });
        res.end();
        return;
      case 'mid-model-error':
        this.exception(res, 'modelStreamErrorException', {
          message: 'The model stream failed: an error occurred while processing the model output.',
          originalStatusCode: 500,
          originalMessage: 'Internal model error',
        });
        res.end();
        return;
      case 'drop':
        if ('stream' in res) res.stream.session?.destroy();
        else res.socket?.destroy();
        return;
      case 'stall':
        return; // keep the connection open, send nothing more
      case 'no-stop':
        return;
    }
  }

  private event(res: Res, eventType: string, payload: unknown): void {
    this.send(res, { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, payload);
  }

  private exception(res: Res, exceptionType: string, payload: unknown): void {
    this.send(res, { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, payload);
  }

  private send(res: Res, headers: Record<string, string>, payload: unknown): void {
    const message = this.codec.encode({
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: 'string' as const, value: v }])),
      body: fromUtf8(JSON.stringify(payload)),
    });
    (res as http.ServerResponse).write(message);
  }
}

/** A Duplex over `socket` that first yields `first` (bytes already read from it). */
function replay(socket: net.Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(err, callback) {
      socket.destroy(err ?? undefined);
      callback(err);
    },
  });
  duplex.push(first);
  socket.on('data', (chunk) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  socket.on('error', (err) => duplex.destroy(err));
  return duplex;
}

function sendError(res: Res, status: number, type: string, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ message }));
}

async function readAll(req: Req): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function lastUserText(body: ConverseBody): string {
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  const last = users[users.length - 1];
  return (last?.content ?? []).map((c) => c.text ?? '').join('');
}

function answerFor(script: FakeScript, prompt: string): string {
  if (script.text !== undefined) return script.text;
  if (script.echo) return prompt;
  if (script.fenced) return fencedAnswer(prompt);
  return demoAnswer(prompt);
}

/** Splits text into word-sized pieces, never inside a surrogate pair. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[^\s]{1,12}|\s+/gu) ?? [];
}

const MIXED = ['こんにちは', ' hello ', '日本語の', 'テキスト', ' and ', 'ASCII ', '混在', '✓ ', '🎉', ' 終わり。', 'x=1; '];

/** N short deltas alternating Japanese (3-byte), emoji (4-byte) and ASCII. */
export function mixedDeltas(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${MIXED[i % MIXED.length]}${i % 7 === 6 ? '\n' : ''}`);
}

const LANGUAGES: [RegExp, string][] = [
  [/```(\w+)/, ''],
  [/\b(python|pip|django|flask|pandas)\b|\.py\b/i, 'python'],
  [/\b(typescript|tsx?|lambda|cdk|node|vs ?code|extension)\b/i, 'typescript'],
  [/\b(javascript|js|npm|react)\b/i, 'javascript'],
  [/\b(bash|shell|curl|terminal|linux)\b/i, 'bash'],
  [/\b(rust|cargo)\b/i, 'rust'],
  [/\b(go|golang)\b/i, 'go'],
  [/\b(java|spring|kotlin)\b/i, 'java'],
  [/\b(sql|query|database|postgres|mysql)\b/i, 'sql'],
];

const SNIPPETS: Record<string, string> = {
  python: 'def answer(question: str) -> str:\n    steps = ["read", "think", "reply"]\n    return " → ".join(steps) + f": {question}"\n',
  typescript:
    'export async function* stream(question: string): AsyncGenerator<string> {\n  for (const word of question.split(/\\s+/)) {\n    yield word; // each piece reaches the reader as soon as it exists\n  }\n}\n',
  javascript: 'export async function* stream(question) {\n  for (const word of question.split(/\\s+/)) yield word;\n}\n',
  bash: "curl --no-buffer -H 'content-type: application/json' \\\n  -d '{\"prompt\":\"hello\"}' http://127.0.0.1:8787/chat\n",
  rust: 'fn answer(question: &str) -> String {\n    format!("You asked: {question}")\n}\n',
  go: 'func Answer(question string) string {\n\treturn "You asked: " + question\n}\n',
  java: 'static String answer(String question) {\n    return "You asked: " + question;\n}\n',
  sql: 'SELECT question, answer\nFROM faq\nWHERE question ILIKE \'%stream%\'\nLIMIT 5;\n',
};

/** The language a code block for this prompt should use. */
export function languageFor(prompt: string): string {
  for (const [pattern, lang] of LANGUAGES) {
    const m = pattern.exec(prompt);
    if (m) return lang || m[1];
  }
  return 'typescript';
}

function question(prompt: string): string {
  const line = prompt.replace(DIRECTIVE, '').split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('```')) ?? 'your question';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function snippet(lang: string): string {
  return SNIPPETS[lang] ?? `// ${lang}\n${SNIPPETS.typescript}`;
}

/** The demo model's markdown answer to a prompt. */
export function demoAnswer(prompt: string): string {
  const q = question(prompt);
  const lang = languageFor(prompt);
  return [
    `> ${q}`,
    '',
    `Good question. Here is how I would approach **${q.replace(/[*_`]/g, '')}** (this is the local demo model, so the advice is generic):`,
    '',
    '1. Start from the smallest version that works end to end.',
    '2. Stream results as they are produced, so the reader sees progress early.',
    '3. Handle errors and cancellation before adding features.',
    '',
    `A small ${lang} sketch:`,
    '',
    '```' + lang,
    snippet(lang).trimEnd(),
    '```',
    '',
    'Each piece of this answer was sent as its own delta, like a real model streaming tokens.',
    '',
  ].join('\n');
}

function fencedAnswer(prompt: string): string {
  const lang = languageFor(prompt);
  return '```' + lang + '\n' + snippet(lang).trimEnd() + '\n```\n';
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
