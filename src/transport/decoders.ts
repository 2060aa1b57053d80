import { createParser } from 'eventsource-parser';
import { decodeSseEvent, type StreamEvent } from '../protocol';
import { TransportError } from './errors';

/** An event decoded from a response body; `end`/`error` are terminal. */
export type DecodedEvent = StreamEvent;

/**
 * Decodes an SSE body (wire protocol v1) into typed events as bytes arrive. Unknown event
 * types are skipped; a malformed known event throws a `protocol` TransportError. Yields nothing
 * after a terminal event. Multi-byte UTF-8 split across chunks is decoded correctly.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<DecodedEvent> {
  const decoder = new TextDecoder('utf-8');
  const ready: DecodedEvent[] = [];
  let failure: Error | undefined;
  const parser = createParser({
    onEvent(message) {
      if (failure) return;
      try {
        const event = decodeSseEvent(message.event, message.data);
        if (event) ready.push(event);
      } catch (err) {
        failure = new TransportError('protocol', `The endpoint sent a malformed event (${(err as Error).message}). The text so far is kept.`, {
          code: 'MalformedEvent',
          retryable: true,
        });
      }
    },
  });

  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) {
      const event = ready.shift() as DecodedEvent;
      yield event;
      if (event.type === 'end' || event.type === 'error') return;
    }
    if (failure) throw failure;
  }
  parser.feed(decoder.decode());
  parser.reset({ consume: true });
  for (const event of ready) {
    yield event;
    if (event.type === 'end' || event.type === 'error') return;
  }
  if (failure) throw failure;
}

/**
 * Decodes a text/plain body: every chunk becomes a delta, end of body becomes `end`
 * (a plain-text endpoint has no end marker).
 */
export async function* decodePlainText(body: AsyncIterable<Uint8Array>): AsyncGenerator<DecodedEvent> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield { type: 'delta', text };
  }
  const rest = decoder.decode();
  if (rest) yield { type: 'delta', text: rest };
  yield { type: 'end', stopReason: 'end_of_body' };
}

/** Picks the decoder for a response's content type: SSE for text/event-stream, else plain text. */
export function decoderFor(contentType: string | undefined): (body: AsyncIterable<Uint8Array>) => AsyncGenerator<DecodedEvent> {
  return contentType && /text\/event-stream/i.test(contentType) ? decodeSse : decodePlainText;
}
