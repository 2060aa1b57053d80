/**
 * API Gateway's side of a streamed Lambda response: parses the Lambda's byte stream (JSON
 * prelude + 8 NUL bytes → status and headers), relays every chunk to the client at once, caps
 * the bytes relayed, and cuts the exchange on a timeout or error. With `buffered` it holds the
 * whole response and sends it when the Lambda ends, status and headers included, as an
 * integration without response streaming (responseTransferMode BUFFERED) or a buffering proxy does.
 */
import type * as http from 'node:http';
import { gatewayError } from './gatewayError';
import { PRELUDE_CONTENT_TYPE, PRELUDE_DELIMITER, type LocalResponseStream, type ResponseSink } from './lambdaShim';

/** Parses the Lambda's byte stream (prelude, then body) and relays it to the client. */
export class ResponseRelay implements ResponseSink {
  stream: LocalResponseStream | undefined;
  status = 0;
  bytes = 0;
  firstContentAt: number | undefined;
  cutReason: string | undefined;
  /** Set when the client closed the connection before the answer ended (Stop, cancel). */
  clientLeftAt: number | undefined;
  private pending: Buffer[] = [];
  /** Buffered mode: the status line's headers and the body, held until the Lambda ends. */
  private heldHeaders: Record<string, string | string[]> | undefined;
  private held: Buffer[] = [];
  private headersSent = false;
  private done = false;
  private resolveFinished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    private readonly res: http.ServerResponse,
    private readonly maxBytes: number,
    private readonly fragmentBytes: number | undefined,
    private readonly buffered = false,
  ) {
    res.on('close', () => {
      // The client left: the Lambda is not told and keeps running; its output goes nowhere.
      if (!this.done) this.clientLeftAt = Date.now();
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
      if (body.length) {
        if (this.buffered) this.held.push(body);
        else this.res.write(body);
      }
    }
    this.done = true;
    if (this.buffered) return this.sendHeld();
    this.res.end(() => this.resolveFinished());
  }

  /** Ends the exchange abnormally: a gateway error if nothing was sent yet, else the stream is cut. */
  cut(status: number, message: string, reason: string): void {
    if (this.done) return;
    this.cutReason = reason;
    this.done = true;
    this.stream?.destroy();
    if (!this.res.headersSent) {
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
    if (this.buffered) {
      this.heldHeaders = headers;
      return;
    }
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
  }

  /** Buffered mode, once the Lambda ended: the whole response in one write, with its length. */
  private sendHeld(): void {
    const body = Buffer.concat(this.held);
    this.held = [];
    if (body.length) this.firstContentAt = Date.now();
    this.res.writeHead(this.status, { ...this.heldHeaders, 'content-length': String(body.length) });
    this.res.end(body, () => this.resolveFinished());
  }

  private async forward(chunk: Buffer): Promise<void> {
    if (this.done) return;
    if (this.buffered) {
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) return this.cut(502, 'Internal server error', `response exceeded ${this.maxBytes} bytes`);
      this.held.push(chunk);
      return;
    }
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
