import type { OmittedTurns } from '../../../src/protocol/webview';

/** The quiet line above a turn whose request left out earlier turns, e.g. "3 earlier turns were left out …". */
export function omittedNote(omitted: OmittedTurns): string {
  const turns = omitted.count === 1 ? '1 earlier turn was' : `${omitted.count} earlier turns were`;
  if (omitted.limitTokens !== undefined) {
    return `${turns} left out of this request to fit the model's context window (${omitted.limitTokens.toLocaleString('en-US')} tokens).`;
  }
  return `${turns} left out of this request to fit the endpoint's limits (${Math.ceil(omitted.limitBytes / 1024)} KB, ${omitted.limitMessages} messages).`;
}
