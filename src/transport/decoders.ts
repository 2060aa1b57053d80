import { createParser } from 'eventsource-parser';
import { decodeSseEvent, PLAIN_TEXT_ERROR_MARKER, type StreamEvent } from '../protocol/wire';
import { TransportError } from './errors';
import * as l10n from '../util/l10n';

/**
 * Longest SSE line or event (characters) the decoder holds: our events are a few KB, so more
 * means a broken or hostile endpoint that would otherwise grow the parser's buffer without bound.
 */
export const MAX_SSE_EVENT_CHARS = 2 ** 20;

/**
 * Longest error text after PLAIN_TEXT_ERROR_MARKER that counts as the endpoint's error: the marker
 * counts only when it is followed by at most this much until the end of the body (more: answer text).
 */
export const MAX_PLAIN_TEXT_ERROR_CHARS = 2000;

function eventTooLarge(): TransportError {
  return new TransportError('protocol', l10n.t('The endpoint sent a line or event over {0} MB, so the answer was stopped. The text so far is kept.', MAX_SSE_EVENT_CHARS / 2 ** 20), {
    code: 'EventTooLarge',
  });
}

/**
 * Decodes an SSE body (wire protocol v1) into typed events as bytes arrive. Unknown event
 * types are skipped; a malformed known event, or a line or event over MAX_SSE_EVENT_CHARS, throws
 * a `protocol` TransportError. Yields nothing after a terminal event. Multi-byte UTF-8 split
 * across chunks is decoded correctly.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder('utf-8');
  const ready: StreamEvent[] = [];
  let failure: Error | undefined;
  const parser = createParser({
    // Bounds the unfinished line plus the event's data lines so far; the parser resets itself past it.
    maxBufferSize: MAX_SSE_EVENT_CHARS,
    onError(err) {
      if (err.type === 'max-buffer-size-exceeded') failure ??= eventTooLarge();
    },
    onEvent(message) {
      if (failure) return;
      // a whole oversized event inside one chunk never sits in the buffer, so is checked here
      if (message.data.length > MAX_SSE_EVENT_CHARS) {
        failure = eventTooLarge();
        return;
      }
      try {
        const event = decodeSseEvent(message.event, message.data);
        if (event) ready.push(event);
      } catch (err) {
        failure = new TransportError('protocol', l10n.t('The endpoint sent a malformed event ({0}). The text so far is kept.', (err as Error).message), {
          code: 'MalformedEvent',
          retryable: true,
        });
      }
    },
  });

  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) {
      const event = ready.shift() as StreamEvent;
      yield event;
      if (event.type === 'end' || event.type === 'error') return;
    }
    if (failure) throw failure;
  }
  if (!failure) {
    parser.feed(decoder.decode());
    if (!failure) parser.reset({ consume: true });
  }
  for (const event of ready) {
    yield event;
    if (event.type === 'end' || event.type === 'error') return;
  }
  if (failure) throw failure;
}

/**
 * Decodes a text/plain body: text becomes deltas as it arrives, end of body becomes `end` (a
 * plain-text endpoint has no end marker). A body that ends with PLAIN_TEXT_ERROR_MARKER and a
 * short error (see MAX_PLAIN_TEXT_ERROR_CHARS) ends with an `error` event instead, the text before
 * the marker kept; only text that could still turn out to be that trailer is held back, and yielded
 * before the body's own error if the body fails before its end.
 */
export async function* decodePlainText(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder('utf-8');
  let held = '';
  try {
    for await (const chunk of body) {
      held += decoder.decode(chunk, { stream: true });
      const release = releasableLength(held);
      if (release > 0) {
        yield { type: 'delta', text: held.slice(0, release) };
        held = held.slice(release);
      }
    }
  } catch (err) {
    // A body that fails before its end has no trailer: what was held back is answer text, never lost.
    held += decoder.decode();
    if (held) yield { type: 'delta', text: held };
    throw err;
  }
  held += decoder.decode();
  const trailer = errorTrailerStart(held);
  const text = trailer === -1 ? held : held.slice(0, trailer);
  if (text) yield { type: 'delta', text };
  if (trailer === -1) {
    yield { type: 'end', stopReason: 'end_of_body' };
    return;
  }
  const detail = held.slice(trailer + PLAIN_TEXT_ERROR_MARKER.length).trim();
  yield {
    type: 'error',
    code: 'EndpointError',
    message: detail ? l10n.t('The endpoint reported an error: {0}', detail) : l10n.t('The endpoint reported an error without details.'),
    retryable: true,
  };
}

/** Where an error trailer (marker + short error text, up to the end of `text`) starts, or -1. */
function errorTrailerStart(text: string): number {
  const at = text.lastIndexOf(PLAIN_TEXT_ERROR_MARKER);
  return at !== -1 && text.length - at - PLAIN_TEXT_ERROR_MARKER.length <= MAX_PLAIN_TEXT_ERROR_CHARS ? at : -1;
}

/** How much of `text` is answer whatever follows: all but a possible error trailer or the start of a marker. */
function releasableLength(text: string): number {
  const trailer = errorTrailerStart(text);
  if (trailer !== -1) return trailer;
  for (let n = Math.min(PLAIN_TEXT_ERROR_MARKER.length - 1, text.length); n > 0; n--) {
    if (PLAIN_TEXT_ERROR_MARKER.startsWith(text.slice(-n))) return text.length - n;
  }
  return text.length;
}

/** Picks the decoder for a response's content type: SSE for text/event-stream, else plain text. */
export function decoderFor(contentType: string | undefined): (body: AsyncIterable<Uint8Array>) => AsyncGenerator<StreamEvent> {
  return contentType && /text\/event-stream/i.test(contentType) ? decodeSse : decodePlainText;
}
