/**
 * Writes the answer to Lambda's response stream as SSE (protocol v1/v2) or plain text.
 * Nothing is written until the status is known: the runtime sends status and headers (the
 * prelude) on the first `write()`, and `end(body)` without a prior `write()` would lose them.
 */
import {
  encodeSseEvent,
  errorBody,
  HEARTBEAT_COMMENT,
  JSON_CONTENT_TYPE,
  PLAIN_TEXT_ERROR_MARKER,
  SSE_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  type EndEvent,
  type GuardrailEvent,
  type ReasoningEvent,
  type StartEvent,
  type StreamEvent,
  type ToolUseEvent,
} from '../../src/protocol/wire';
import type { HttpResponseMetadata, LambdaStreamingRuntime, ResponseStream } from './runtime';

export type AnswerFormat = 'sse' | 'plain';

export class ResponseWriter {
  private stream: ResponseStream | undefined;
  private finished = false;
  /** Bytes of body written (for the log line). */
  bytes = 0;

  constructor(
    private readonly raw: ResponseStream,
    private readonly runtime: Pick<LambdaStreamingRuntime, 'HttpResponseStream'>,
    readonly format: AnswerFormat,
    private readonly requestId: string,
  ) {}

  /** True once status and headers are committed (200): later errors go in-band. */
  get opened(): boolean {
    return this.stream !== undefined;
  }

  /** Answers with an HTTP error and a JSON body; only before `open()`. */
  async errorResponse(status: number, code: string, message: string): Promise<void> {
    const stream = this.commit({ statusCode: status, headers: this.headers(JSON_CONTENT_TYPE) });
    await this.write(stream, JSON.stringify(errorBody(code, message)));
    await this.close();
  }

  /** Answers 200 with a JSON body (not a stream), e.g. `GET …/models`. */
  async jsonResponse(body: unknown): Promise<void> {
    const stream = this.commit({ statusCode: 200, headers: { ...this.headers(JSON_CONTENT_TYPE), 'cache-control': 'no-store' } });
    await this.write(stream, JSON.stringify(body));
    await this.close();
  }

  /** Commits a 200 and, in SSE, the `start` event (with `protocol` for a v2 request). */
  async open(model: string, protocol?: number): Promise<void> {
    const contentType = this.format === 'sse' ? SSE_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    const stream = this.commit({ statusCode: 200, headers: { ...this.headers(contentType), 'cache-control': 'no-cache' } });
    const start: StartEvent = { type: 'start', id: this.requestId, model, ...(protocol !== undefined ? { protocol } : {}) };
    if (this.format === 'sse') await this.write(stream, encodeSseEvent(start));
  }

  /** Forwards a v2 event (reasoning, toolUse, guardrail); SSE only: plain text stays the bare answer. */
  async event(event: ReasoningEvent | ToolUseEvent | GuardrailEvent): Promise<void> {
    if (this.format === 'sse') await this.write(this.require(), encodeSseEvent(event));
  }

  /** Writes the heartbeat comment, unless the response is not open, plain text, over, or already has bytes waiting. */
  heartbeat(): void {
    const stream = this.stream;
    if (this.format !== 'sse' || !stream || this.finished || stream.destroyed || stream.writableEnded || stream.writableNeedDrain) return;
    this.bytes += HEARTBEAT_COMMENT.length;
    stream.write(HEARTBEAT_COMMENT);
  }

  /** Forwards one piece of text; resolves when the stream can take more (backpressure). */
  async delta(text: string): Promise<void> {
    await this.write(this.require(), this.format === 'sse' ? encodeSseEvent({ type: 'delta', text }) : text);
  }

  /** Ends a successful answer. */
  async end(event: Omit<EndEvent, 'type'>): Promise<void> {
    if (this.format === 'sse') await this.write(this.require(), encodeSseEvent({ type: 'end', ...event }));
    await this.close();
  }

  /** Ends an answer that failed after it started: one `error` event, or in plain text the blog's `[ERROR]` trailer. */
  async fail(code: string, message: string, retryable: boolean): Promise<void> {
    const event: StreamEvent = { type: 'error', code, message, retryable };
    await this.write(this.require(), this.format === 'sse' ? encodeSseEvent(event) : `${PLAIN_TEXT_ERROR_MARKER}${message}\n`);
    await this.close();
  }

  private headers(contentType: string): Record<string, string> {
    return { 'content-type': contentType, 'x-request-id': this.requestId };
  }

  private commit(metadata: HttpResponseMetadata): ResponseStream {
    if (this.stream) throw new Error('The response is already committed.');
    this.stream = this.runtime.HttpResponseStream.from(this.raw, metadata);
    return this.stream;
  }

  private require(): ResponseStream {
    if (!this.stream) throw new Error('The response is not open yet.');
    return this.stream;
  }

  private async write(stream: ResponseStream, chunk: string): Promise<void> {
    if (this.finished || stream.destroyed || stream.writableEnded) throw new ClientGoneError();
    this.bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await drained(stream);
  }

  private close(): Promise<void> {
    if (this.finished) return Promise.resolve();
    this.finished = true;
    const stream = this.require();
    if (stream.destroyed || stream.writableFinished) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('close', resolve);
      stream.end(resolve);
    });
  }
}

/** The response stream was destroyed (the invocation was cut): stop producing. */
export class ClientGoneError extends Error {
  constructor() {
    super('The response stream is closed.');
    this.name = 'ClientGoneError';
  }
}

function drained(stream: ResponseStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new ClientGoneError());
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', done);
  });
}
