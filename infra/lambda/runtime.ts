/**
 * The slice of Lambda's Node.js streaming runtime the handler uses. Lambda provides it as the
 * `awslambda` global; the local emulator (infra/local/lambdaShim.ts) provides a faithful copy.
 * Declared here (not taken from @types/aws-lambda's global) so the handler can be given either.
 */
import type { Context } from 'aws-lambda';
import type { Writable } from 'node:stream';

/** The writable Lambda hands to a streaming handler. */
export interface ResponseStream extends Writable {
  setContentType(contentType: string): void;
}

/** Status and headers, sent as the JSON prelude before the body (written on the first `write()`). */
export interface HttpResponseMetadata {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

export type StreamingHandler<TEvent> = (event: TEvent, responseStream: ResponseStream, context: Context) => Promise<void>;

export interface LambdaStreamingRuntime {
  streamifyResponse<TEvent>(handler: StreamingHandler<TEvent>): StreamingHandler<TEvent>;
  HttpResponseStream: { from(stream: ResponseStream, metadata: HttpResponseMetadata): ResponseStream };
}

/** The `awslambda` global when running inside Lambda; undefined elsewhere (tests, local stack). */
export function lambdaGlobal(): LambdaStreamingRuntime | undefined {
  // The SDK (@aws/lambda-invoke-store) creates an empty `awslambda` object anywhere: check the API.
  const candidate = (globalThis as unknown as { awslambda?: Partial<LambdaStreamingRuntime> }).awslambda;
  return typeof candidate?.streamifyResponse === 'function' && candidate.HttpResponseStream ? (candidate as LambdaStreamingRuntime) : undefined;
}
