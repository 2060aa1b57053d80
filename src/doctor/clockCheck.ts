import type { Check } from './check';
import * as M from './messages';

/** SigV4 refuses a request signed more than this far from the service's clock. */
const MAX_SIGV4_SKEW_MS = 5 * 60 * 1000;

/**
 * This machine's clock against the endpoint's `Date` header (from the DNS and TLS check's answer,
 * taken halfway through that request). The header has whole seconds, so a second either way is noise.
 * Off by more than 5 minutes fails with IAM auth (SigV4 refuses it) and is a note otherwise.
 */
export const clockCheck: Check = {
  get title() {
    return M.titles.clock;
  },
  blocking: false,
  async run(context) {
    if (!context.clocks) return { status: 'info', detail: M.clock.noDate };
    const skewMs = context.clocks.localMs - context.clocks.endpointMs;
    const seconds = Math.round(Math.abs(skewMs) / 1000);
    if (Math.abs(skewMs) <= MAX_SIGV4_SKEW_MS) return { status: 'pass', detail: M.clock.within(Math.max(1, seconds)) };
    if (context.settings.auth !== 'iam') return { status: 'info', detail: M.clock.skewedNotSigned(seconds, skewMs > 0) };
    return { status: 'fail', detail: M.clock.skewed(seconds, skewMs > 0), fix: M.clock.fix };
  },
};
