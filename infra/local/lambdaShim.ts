/**
 * A faithful stand-in for Lambda's Node.js streaming runtime (`awslambda`), as the runtime
 * interface client implements it: `HttpResponseStream.from(stream, prelude)` sets the
 * http-integration-response content type and writes the JSON prelude + 8 NUL bytes just before
 * the first `write()`. `end(body)` does not go through `write()`, so without a prior write the
 * prelude is lost — exactly the trap the real runtime has.
 */
import { Writable } from 'node:stream';
import type { HttpResponseMetadata, LambdaStreamingRuntime, ResponseStream, StreamingHandler } from '../lambda/runtime';

export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER = Buffer.alloc(8);

/** Where the bytes go: the emulator's relay. `write` calls back when it can take more. */
export interface ResponseSink {
  write(chunk: Buffer, callback: (err?: Error | null) => void): void;
  end(): void;
}

type WriteFn = (chunk: unknown, encoding?: BufferEncoding, callback?: (err?: Error | null) => void) => boolean;

/** The writable a streaming handler gets. */
export class LocalResponseStream extends Writable implements ResponseStream {
  contentType: string | undefined;
  /** Set by HttpResponseStream.from; runs once, on the first `write()`. */
  onBeforeFirstWrite: ((write: (chunk: Buffer) => void) => void) | undefined;

  constructor(private readonly sink: ResponseSink) {
    super({ highWaterMark: 16 * 1024 });
    // Patch write() (not _write): end(chunk) bypasses it, as in the real runtime.
    const write = this.write.bind(this) as WriteFn;
    let first = true;
    (this as { write: WriteFn }).write = (chunk, encoding, callback) => {
      if (first) {
        first = false;
        this.onBeforeFirstWrite?.((c) => write(c));
      }
      return write(chunk, encoding, callback);
    };
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.sink.write(chunk, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.sink.end();
    callback();
  }
}

/** The `awslambda` object: streamifyResponse (identity, marks the handler) and HttpResponseStream. */
export const localLambdaRuntime: LambdaStreamingRuntime = {
  streamifyResponse<TEvent>(handler: StreamingHandler<TEvent>): StreamingHandler<TEvent> {
    return handler;
  },
  HttpResponseStream: {
    from(stream: ResponseStream, metadata: HttpResponseMetadata): ResponseStream {
      stream.setContentType(PRELUDE_CONTENT_TYPE);
      const prelude = Buffer.from(JSON.stringify(metadata));
      (stream as LocalResponseStream).onBeforeFirstWrite = (write) => {
        write(prelude);
        write(PRELUDE_DELIMITER);
      };
      return stream;
    },
  },
};
