/**
 * The streaming Lambda: `POST …/chat` validate → ConverseStream → stream the answer (SSE or plain
 * text); `GET …/models` → the deployment's models as JSON.
 * `createHandler(deps)` builds it so tests and the local stack can inject a client and runtime;
 * `handler` is what Lambda runs (wrapped with `awslambda.streamifyResponse`).
 */
import type { ConverseStreamOutput, GuardrailTraceAssessment } from '@aws-sdk/client-bedrock-runtime';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { contentText } from '../../src/protocol/validate';
import { acceptsEventStream, ErrorCode, PROTOCOL_VERSION_2, type Usage } from '../../src/protocol/wire';
import { converseCommand, defaultBedrockClient, type ConverseStreamClient } from './bedrock';
import { modelsResponse } from './catalogue';
import { readConfig, type HandlerConfig } from './config';
import { mapError, StreamError, type MappedError } from './errors';
import { guardrailEvent } from './guardrail';
import { Heartbeat } from './heartbeat';
import { logRequest, type LogSink, type RequestLog } from './log';
import { MAX_LOGGED_TEXT, truncate, withoutEchoes } from './redact';
import { lambdaGlobal, type LambdaStreamingRuntime, type StreamingHandler } from './runtime';
import { checkEvent, type ChatInput } from './validate';
import { ClientGoneError, ResponseWriter } from './writer';

export interface HandlerDeps {
  /** Defaults to a BedrockRuntimeClient created on first use, once per container. */
  client?: ConverseStreamClient;
  /** Defaults to readConfig(process.env). */
  config?: HandlerConfig;
  /** Defaults to the `awslambda` global. */
  runtime?: Pick<LambdaStreamingRuntime, 'HttpResponseStream'>;
  /** Defaults to console.log (one JSON line per request). */
  log?: LogSink;
}

export type ChatEvent = Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'> &
  Partial<Pick<APIGatewayProxyEvent, 'httpMethod' | 'path' | 'resource'>> & {
    requestContext?: Partial<APIGatewayProxyEvent['requestContext']>;
  };

/** Builds the streaming handler around its dependencies. */
export function createHandler(deps: HandlerDeps = {}): StreamingHandler<ChatEvent> {
  const config = deps.config ?? readConfig();
  const log = deps.log ?? ((line: string) => console.log(line));
  let client = deps.client;

  return async (event, responseStream, context) => {
    const started = Date.now();
    const runtime = deps.runtime ?? lambdaGlobal();
    if (!runtime) throw new Error('No Lambda streaming runtime: pass deps.runtime outside Lambda.');
    const requestId = context.awsRequestId;
    if (isModelsRequest(event)) {
      const writer = new ResponseWriter(responseStream, runtime, 'plain', requestId);
      await writer.jsonResponse(modelsResponse(config));
      log(JSON.stringify({ level: 'info', msg: 'models', requestId, apiRequestId: event.requestContext?.requestId, status: 200, durationMs: Date.now() - started }));
      return;
    }
    client ??= defaultBedrockClient();
    const format = acceptsEventStream(header(event.headers, 'accept')) ? 'sse' : 'plain';
    const writer = new ResponseWriter(responseStream, runtime, format, requestId);
    const entry: RequestLog = { requestId, apiRequestId: event.requestContext?.requestId, format, status: 0, durationMs: 0 };

    try {
      const checked = checkEvent(event, config);
      if (!checked.ok) {
        Object.assign(entry, { status: checked.status, errorCode: checked.code, errorMessage: checked.message });
        await writer.errorResponse(checked.status, checked.code, checked.message);
        return;
      }
      const input = checked.input;
      entry.model = input.modelId;
      if (input.protocol !== undefined) entry.protocol = input.protocol;
      if (input.adjustments.length > 0) entry.adjustments = input.adjustments;
      if (config.logPrompts) {
        entry.prompt = contentText(input.messages[input.messages.length - 1].content);
        if (input.system) entry.system = input.system;
      }
      const requestTexts = [...input.messages.map((m) => contentText(m.content)), ...(input.system ? [input.system] : [])];
      await converse(client, input, converseCommand(input, config.guardrail), requestTexts, writer, context, config, entry, started);
    } catch (err) {
      if (err instanceof ClientGoneError) {
        Object.assign(entry, { errorCode: 'ClientGone', errorMessage: err.message });
      } else {
        // A bug of ours: still end the response properly, then let Lambda record the failure.
        const message = 'The endpoint failed unexpectedly.';
        Object.assign(entry, { errorCode: ErrorCode.Internal, errorMessage: err instanceof Error ? err.message : String(err) });
        if (!writer.opened) entry.status = 500;
        await (writer.opened ? writer.fail(ErrorCode.Internal, message, false) : writer.errorResponse(500, ErrorCode.Internal, message)).catch(() => undefined);
        throw err;
      }
    } finally {
      entry.durationMs = Date.now() - started;
      entry.responseBytes = writer.bytes;
      logRequest(log, entry);
    }
  };
}

/** `GET …/models` (by API Gateway's resource, or the path when there is none); everything else is a chat request. */
function isModelsRequest(event: ChatEvent): boolean {
  return event.httpMethod?.toUpperCase() === 'GET' && /\/models\/?$/.test(event.resource || event.path || '');
}

/** A tool call being streamed: its input arrives as JSON fragments until the block stops. */
interface PendingToolUse {
  id: string;
  name: string;
  json: string;
}

/**
 * Calls Bedrock and relays the answer; every outcome ends the response exactly once.
 * v1 requests open the response at the first text (as before v2); v2 requests at `messageStart`.
 */
async function converse(
  client: ConverseStreamClient,
  input: ChatInput,
  command: ReturnType<typeof converseCommand>,
  requestTexts: readonly string[],
  writer: ResponseWriter,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  config: HandlerConfig,
  entry: RequestLog,
  started: number,
): Promise<void> {
  const v2 = input.protocol === PROTOCOL_VERSION_2;
  // Lambda never says when the client leaves; the deadline bounds the cost instead.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), Math.max(0, context.getRemainingTimeInMillis() - config.abortMarginMs));
  const heartbeat = new Heartbeat(config.heartbeatMs, () => writer.heartbeat());
  let stopReason: string | undefined;
  let usage: Usage | undefined;
  let latencyMs: number | undefined;
  let guardrailTrace: GuardrailTraceAssessment | undefined;
  const toolUses = new Map<number, PendingToolUse>();

  const open = async () => {
    if (writer.opened) return;
    entry.status = 200;
    await writer.open(input.modelId, v2 ? PROTOCOL_VERSION_2 : undefined);
    heartbeat.start();
  };
  const firstOutput = () => {
    entry.timeToFirstTokenMs ??= Date.now() - started;
  };

  const fail = async (err: unknown) => {
    // Our deadline abort shows up as an AbortError or as a silently ended loop: both are a Timeout.
    const mapped: MappedError = abort.signal.aborted
      ? mapError(new StreamError(ErrorCode.Timeout, 'The answer was cut short: the function was about to time out.'))
      : mapError(err, requestTexts);
    Object.assign(entry, { errorCode: mapped.code, errorMessage: mapped.message });
    // The full text is for the operator; it may quote the request, which the log keeps only with logPrompts.
    if (mapped.detail && mapped.detail !== mapped.message) {
      const detail = truncate(mapped.detail, MAX_LOGGED_TEXT);
      entry.errorDetail = config.logPrompts ? detail : withoutEchoes(detail, requestTexts);
    }
    heartbeat.stop();
    if (writer.opened) {
      entry.status = 200;
      await writer.fail(mapped.code, mapped.message, mapped.retryable);
    } else {
      entry.status = mapped.status;
      await writer.errorResponse(mapped.status, mapped.code, mapped.message);
    }
  };

  let response;
  try {
    response = await client.send(command, { abortSignal: abort.signal });
  } catch (err) {
    clearTimeout(timer);
    await fail(err);
    return;
  }
  // Only Bedrock's side is caught here: a failure in our own writing propagates (a bug, or ClientGone).
  const events = (response.stream ?? emptyStream())[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ConverseStreamOutput>;
      try {
        next = await events.next();
      } catch (err) {
        await fail(err);
        return;
      }
      if (next.done) break;
      heartbeat.touch();
      const event = next.value;
      const exception = inStreamException(event);
      if (exception) {
        await fail(exception);
        return;
      }
      const delta = event.contentBlockDelta?.delta;
      const index = event.contentBlockDelta?.contentBlockIndex ?? event.contentBlockStart?.contentBlockIndex ?? event.contentBlockStop?.contentBlockIndex ?? 0;
      if (delta?.text) {
        firstOutput();
        await open();
        await writer.delta(delta.text);
      } else if (delta?.toolUse) {
        const pending = toolUses.get(index);
        if (pending) pending.json += delta.toolUse.input ?? '';
      } else if (delta?.reasoningContent) {
        if (!v2) continue;
        firstOutput();
        await open();
        const r = delta.reasoningContent;
        if (r.text) await writer.event({ type: 'reasoning', text: r.text });
        else if (r.signature) await writer.event({ type: 'reasoning', signature: r.signature });
        else if (r.redactedContent) await writer.event({ type: 'reasoning', redacted: Buffer.from(r.redactedContent).toString('base64') });
      } else if (event.messageStart) {
        if (v2) await open();
      } else if (event.contentBlockStart?.start?.toolUse) {
        const { toolUseId, name } = event.contentBlockStart.start.toolUse;
        toolUses.set(index, { id: toolUseId ?? '', name: name ?? '', json: '' });
      } else if (event.contentBlockStop) {
        const pending = toolUses.get(index);
        if (!pending) continue;
        toolUses.delete(index);
        let toolInput: unknown;
        try {
          toolInput = pending.json.trim() === '' ? {} : JSON.parse(pending.json);
        } catch {
          await fail(new StreamError('MalformedToolUse', "The model's tool call input was not valid JSON."));
          return;
        }
        firstOutput();
        await open();
        await writer.event({ type: 'toolUse', id: pending.id, name: pending.name, input: toolInput });
      } else if (event.messageStop) {
        stopReason = event.messageStop.stopReason ?? 'end_turn';
      } else if (event.metadata) {
        const u = event.metadata.usage;
        if (u) {
          usage = { inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0 };
          if (v2 && u.cacheReadInputTokens !== undefined) usage.cacheReadInputTokens = u.cacheReadInputTokens;
          if (v2 && u.cacheWriteInputTokens !== undefined) usage.cacheWriteInputTokens = u.cacheWriteInputTokens;
        }
        latencyMs = event.metadata.metrics?.latencyMs;
        guardrailTrace = event.metadata.trace?.guardrail ?? guardrailTrace;
      }
    }
    // The SDK's loop can end silently (abort, lost connection): no messageStop is a truncation.
    if (stopReason === undefined) {
      await fail(new StreamError(ErrorCode.Truncated, 'The answer from Bedrock ended before it was complete.'));
      return;
    }
    await open();
    heartbeat.stop();
    if (v2 && stopReason === 'guardrail_intervened') await writer.event(guardrailEvent(guardrailTrace));
    Object.assign(entry, {
      stopReason,
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      cacheReadInputTokens: usage?.cacheReadInputTokens,
      cacheWriteInputTokens: usage?.cacheWriteInputTokens,
      bedrockLatencyMs: latencyMs,
    });
    await writer.end({ stopReason, ...(usage ? { usage } : {}), latencyMs: latencyMs ?? Date.now() - started });
  } finally {
    clearTimeout(timer);
    heartbeat.stop();
    // Leaving early (our own failure): stop reading so the Bedrock request is released.
    void events.return?.().catch(() => undefined);
  }
}

async function* emptyStream(): AsyncGenerator<ConverseStreamOutput> {}

/** An exception delivered as a union member instead of thrown (defensive; the SDK usually throws). */
function inStreamException(event: ConverseStreamOutput): Error | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('Exception') && value) {
      const err = new Error((value as { message?: string }).message ?? key);
      err.name = key;
      return err;
    }
  }
  return undefined;
}

function header(headers: ChatEvent['headers'] | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined) return value;
  }
  return undefined;
}

/** What Lambda runs. Outside Lambda (no `awslambda` global) this is undefined: use createHandler. */
export const handler: StreamingHandler<ChatEvent> | undefined = lambdaGlobal()?.streamifyResponse(createHandler());

