/** One structured JSON log line per request (CloudWatch Logs Insights can query every field). */

export interface RequestLog {
  /** Lambda's request id (also the SSE `start` id and the `x-request-id` header). */
  requestId: string;
  /** API Gateway's request id, to join with the access log. */
  apiRequestId?: string;
  model?: string;
  format?: string;
  status: number;
  /** Set when the request failed (before or after the first byte). */
  errorCode?: string;
  /** What the client was told. */
  errorMessage?: string;
  /** The service's full error text (account and role included), when it differs; request text only with LOG_PROMPTS=true. */
  errorDetail?: string;
  timeToFirstTokenMs?: number;
  durationMs: number;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  /** 2 for a v2 request. */
  protocol?: number;
  /** What the endpoint changed so Bedrock accepts the request (e.g. a lowered reasoning budget). */
  adjustments?: string[];
  bedrockLatencyMs?: number;
  responseBytes?: number;
  /** Only when LOG_PROMPTS=true. */
  prompt?: string;
  system?: string;
}

export type LogSink = (line: string) => void;

/** Writes `entry` as one JSON line, dropping undefined fields. */
export function logRequest(sink: LogSink, entry: RequestLog): void {
  sink(JSON.stringify({ level: entry.errorCode ? 'error' : 'info', msg: 'chat', ...entry }));
}
