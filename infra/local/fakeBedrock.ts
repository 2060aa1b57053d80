/**
 * A fake Bedrock Runtime for the local stack and tests: `POST /model/{id}/converse-stream`
 * answered in `application/vnd.amazon.eventstream` (eventStreamEncoding.ts), over h2c AND
 * HTTP/1.1 on the same port (h2cSniffer.ts). Point the real BedrockRuntimeClient at it with
 * `endpoint` (or AWS_ENDPOINT_URL_BEDROCK_RUNTIME) and any credentials.
 *
 * It answers with the demo model (demoAnswer.ts) unless a script says otherwise: faults, echo,
 * pacing, reasoning, guardrail stops, stop reasons, set by `[[fake:…]]` directives in the prompt
 * or queued with `enqueue` (fakeScript.ts). Like Bedrock it streams reasoning when thinking is
 * requested (fakeReasoning.ts), calls tools (fakeToolUse.ts), accounts prompt caching
 * (fakePromptCache.ts), applies a guardrailConfig, and rejects what Bedrock rejects with a
 * ValidationException (fakeValidation.ts).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { cachePoints, lastUserText, thinkingOf, type ConverseBody } from './converseRequest';
import { demoAnswer, fencedAnswer, mixedDeltas, tokenize } from './demoAnswer';
import { encodeEvent, encodeException } from './eventStreamEncoding';
import { PromptCache, type CacheUsage } from './fakePromptCache';
import { REDACTED_REASONING, reasoningPieces, signReasoning } from './fakeReasoning';
import { DIRECTIVE, parseDirectives, PRE_STREAM_ERRORS, type FakeScript, type MidStreamFault, type PreStreamFault } from './fakeScript';
import { answerFromToolResults, plannedToolUse } from './fakeToolUse';
import { validationError } from './fakeValidation';
import { routeByPreface } from './h2cSniffer';
import { baseUrl, listen } from './listen';
import { boundHostNames, foreignRequestReason } from './localOnly';

export interface FakeBedrockOptions {
  port?: number;
  host?: string;
  /** Delay before the first delta (default 300 ms). */
  firstTokenDelayMs?: number;
  /** Deltas per second (default 40). 0 or Infinity = no delay. */
  tokensPerSecond?: number;
  /** The clock the prompt cache's TTLs run on (tests move it). */
  now?: () => number;
}

/** One request the fake received (for assertions). */
export interface FakeRequest {
  modelId: string;
  httpVersion: string;
  headers: Record<string, string | string[] | undefined>;
  body: ConverseBody;
}

type Res = http.ServerResponse | http2.Http2ServerResponse;
type Req = http.IncomingMessage | http2.Http2ServerRequest;

export class FakeBedrock {
  /** Every request received, oldest first. */
  readonly requests: FakeRequest[] = [];
  /** The prompt cache (see fakePromptCache.ts); `cache.clear()` expires everything. */
  readonly cache: PromptCache;
  private readonly queue: FakeScript[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly h1 = http.createServer((req, res) => void this.handle(req, res));
  private readonly h2 = http2.createServer((req, res) => void this.handle(req, res));
  // One port for both: h2cSniffer hands each connection to the server its first bytes ask for.
  private readonly server = net.createServer((socket) => this.route(socket));
  private closed = false;

  private constructor(private readonly options: FakeBedrockOptions) {
    this.cache = new PromptCache(options.now);
  }

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
    routeByPreface(socket, this.h1, this.h2);
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

    const invalid = validationError(body);
    if (invalid) return sendError(res, 400, 'ValidationException', invalid);
    const prompt = lastUserText(body);
    const script: FakeScript = { ...this.queue.shift(), ...parseDirectives(prompt) };
    if (script.fault && script.fault in PRE_STREAM_ERRORS) {
      const e = PRE_STREAM_ERRORS[script.fault as PreStreamFault];
      return sendError(res, e.status, e.type, e.message);
    }
    const hasCachePoints = cachePoints(body).length > 0;
    await this.stream(res, script, prompt, body, this.cache.account(modelId, body), hasCachePoints);
  }

  private async stream(res: Res, script: FakeScript, prompt: string, body: ConverseBody, cacheUsage: CacheUsage, hasCachePoints: boolean): Promise<void> {
    const started = Date.now();
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
    const rate = script.tokensPerSecond ?? this.options.tokensPerSecond ?? 40;
    const firstDelay = script.firstTokenDelayMs ?? this.options.firstTokenDelayMs ?? 300;
    const burst = script.pieces !== undefined || script.deltas !== undefined;
    const guardrail = body.guardrailConfig ? script.guardrail : undefined;
    const toolUse = guardrail === 'input' ? undefined : plannedToolUse(body);
    const stopDirective = script.stopReason && script.stopReason !== 'end_turn' && script.stopReason !== 'tool_use' ? script.stopReason : undefined;
    let pieces = script.pieces ?? (script.deltas !== undefined ? mixedDeltas(script.deltas) : tokenize(answerFor(script, prompt, body)));
    if (toolUse) pieces = [];
    if (stopDirective) pieces = pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2)));
    if (guardrail === 'input') pieces = tokenize(GUARDRAIL_BLOCKED_MESSAGE);
    const gap = burst || !rate || !Number.isFinite(rate) ? 0 : 1000 / rate;
    const faultAt = script.fault ? Math.min(script.faultAfterDeltas ?? 3, Math.max(pieces.length - 1, 1)) : Infinity;
    const gone = () => this.closed || res.destroyed || ('stream' in res && res.stream.destroyed);
    let outputTokens = 0;
    let index = 0;
    const delta = (delta: unknown) => {
      this.event(res, 'contentBlockDelta', { contentBlockIndex: index, delta });
      outputTokens++;
    };

    this.event(res, 'messageStart', { role: 'assistant' });
    await sleep(script.silentReasonMs ?? 0);
    await sleep(firstDelay);
    if (gone()) return;
    if (guardrail !== 'input' && (thinkingOf(body) || script.reason || script.reasonForMs !== undefined)) {
      if (script.redacted) delta({ reasoningContent: { redactedContent: REDACTED_REASONING } });
      else {
        const thought = reasoningPieces(prompt.replace(DIRECTIVE, '').trim() || 'your question', script.reasonForMs);
        // Paced reasoning: delta i at i × span/count after the first, the answer `span` ms after it.
        const span = script.reasonForMs ?? 0;
        const reasoningStarted = Date.now();
        for (const [i, text] of thought.entries()) {
          if (span > 0 && i > 0) await sleep(reasoningStarted + (i * span) / thought.length - Date.now());
          if (gone()) return;
          delta({ reasoningContent: { text } });
        }
        await sleep(reasoningStarted + span - Date.now());
        if (gone()) return;
        delta({ reasoningContent: { signature: signReasoning(thought.join('')) } });
      }
      this.event(res, 'contentBlockStop', { contentBlockIndex: index++ });
    }
    if (toolUse) {
      this.event(res, 'contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } } });
      for (const input of JSON.stringify(toolUse.input).match(/[\s\S]{1,12}/g) ?? ['{}']) delta({ toolUse: { input } });
      this.event(res, 'contentBlockStop', { contentBlockIndex: index++ });
    }
    // Sync guardrails hold each chunk back until it is assessed; async ones stream it at once.
    const sync = body.guardrailConfig !== undefined && (body.guardrailConfig.streamProcessingMode ?? 'sync') === 'sync';
    const blocked = guardrail === 'output' ? (sync ? 0 : Math.min(3, pieces.length)) : Infinity;
    let held: string[] = [];
    const flush = () => {
      if (held.length > 0) delta({ text: held.join('') });
      held = [];
    };
    for (const [i, text] of pieces.entries()) {
      if (gone()) return;
      if (i === faultAt && script.fault !== 'no-stop') return this.midStreamFault(res, script.fault as MidStreamFault);
      if (i >= blocked) break;
      if (i > 0 && gap > 0) await sleep(gap);
      else if (i > 0 && i % 50 === 0) await new Promise((r) => setImmediate(r));
      if (gone()) return;
      if (sync) {
        held.push(text);
        if (held.length >= GUARDRAIL_CHUNK_PIECES) flush();
      } else delta({ text });
    }
    if (guardrail === 'output' && sync) for (const text of tokenize(GUARDRAIL_BLOCKED_MESSAGE)) delta({ text });
    flush();
    if (pieces.length > 0 || guardrail === 'output') this.event(res, 'contentBlockStop', { contentBlockIndex: index });
    const stopReason = guardrail ? 'guardrail_intervened' : toolUse ? 'tool_use' : (stopDirective ?? script.stopReason ?? 'end_turn');
    if (script.fault !== 'no-stop') this.event(res, 'messageStop', { stopReason });
    const { inputTokens, cacheReadInputTokens, cacheWriteInputTokens } = cacheUsage;
    const trace = guardrail && ['enabled', 'enabled_full'].includes(body.guardrailConfig?.trace ?? '') ? { guardrail: guardrailTrace(guardrail, body) } : undefined;
    this.event(res, 'metadata', {
      usage: {
        inputTokens,
        outputTokens,
        totalTokens: inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens,
        ...(hasCachePoints ? { cacheReadInputTokens, cacheWriteInputTokens } : {}),
      },
      metrics: { latencyMs: Date.now() - started },
      ...(trace ? { trace } : {}),
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
    (res as http.ServerResponse).write(encodeEvent(eventType, payload));
  }

  private exception(res: Res, exceptionType: string, payload: unknown): void {
    (res as http.ServerResponse).write(encodeException(exceptionType, payload));
  }
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

function answerFor(script: FakeScript, prompt: string, body: ConverseBody): string {
  if (script.text !== undefined) return script.text;
  const fromTools = answerFromToolResults(body);
  if (fromTools !== undefined) return fromTools;
  if (script.echo) return prompt;
  if (script.fenced) return fencedAnswer(prompt);
  return demoAnswer(prompt);
}

/** The message a guardrail puts in place of blocked content (a guardrail's default blocked messaging). */
export const GUARDRAIL_BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';
/** Text pieces a sync guardrail assesses (and releases) at a time. */
const GUARDRAIL_CHUNK_PIECES = 20;

/** metadata.trace.guardrail as Bedrock reports an intervention (trace enabled). */
function guardrailTrace(where: 'input' | 'output', body: ConverseBody): unknown {
  const id = body.guardrailConfig?.guardrailIdentifier ?? 'guardrail';
  if (where === 'input') {
    return {
      inputAssessment: { [id]: { topicPolicy: { topics: [{ name: 'Forbidden topic', type: 'DENY', action: 'BLOCKED', detected: true }] } } },
      actionReason: 'Guardrail blocked.',
    };
  }
  return {
    modelOutput: [GUARDRAIL_BLOCKED_MESSAGE],
    outputAssessments: { [id]: [{ contentPolicy: { filters: [{ type: 'VIOLENCE', confidence: 'HIGH', filterStrength: 'HIGH', action: 'BLOCKED', detected: true }] } }] },
    actionReason: 'Guardrail blocked.',
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
