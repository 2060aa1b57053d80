/** Bedrock's `application/vnd.amazon.eventstream` messages, encoded with EventStreamCodec exactly as Bedrock does. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** A ConverseStream event (`messageStart`, `contentBlockDelta`, …) with a JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encode({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, payload);
}

/** An in-stream exception (`throttlingException`, `modelStreamErrorException`, …) with a JSON payload. */
export function encodeException(exceptionType: string, payload: unknown): Uint8Array {
  return encode({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, payload);
}

function encode(headers: Record<string, string>, payload: unknown): Uint8Array {
  return codec.encode({
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: 'string' as const, value: v }])),
    body: fromUtf8(JSON.stringify(payload)),
  });
}
