import type { OmittedTurns } from '../../../src/protocol/webview';
import { t } from '../strings';

/** The quiet line above a turn whose request left out earlier turns, e.g. "3 earlier turns were left out …". */
export function omittedNote(omitted: OmittedTurns): string {
  const one = omitted.count === 1;
  if (omitted.limitTokens !== undefined) {
    const tokens = omitted.limitTokens.toLocaleString('en-US');
    return one ? t('omittedOneForContext', tokens) : t('omittedManyForContext', omitted.count, tokens);
  }
  const kilobytes = Math.ceil(omitted.limitBytes / 1024);
  return one ? t('omittedOneForLimits', kilobytes, omitted.limitMessages) : t('omittedManyForLimits', omitted.count, kilobytes, omitted.limitMessages);
}
