import { parseErrorBody } from '../protocol/wire';
import { redactText } from '../transport/errors';
import type { Check, CheckResult } from './check';
import type { DoctorContext } from './context';
import * as M from './messages';
import { probe, secretsSent, type ProbeResponse } from './probe';

/** An Authorization header shaped like SigV4 but incomplete: API Gateway names what it lacks on a route that exists and wants IAM. */
const INCOMPLETE_SIGNATURE = 'AWS4-HMAC-SHA256 Credential=ask-bedrock-endpoint-check';

/**
 * The auth the endpoint expects against askBedrock.auth: POSTs an empty JSON body with the
 * configured auth. Past API Gateway the Lambda refuses the body (400) without calling Bedrock, which
 * proves the route and the auth. A 403 is read the way API Gateway words it: "Missing
 * Authentication Token" is both "no such path" and "unsigned request to an IAM route", so an
 * unsigned request is sent again with an incomplete signature — an IAM route then complains about
 * the signature, a missing path still says "Missing Authentication Token".
 */
export const authCheck: Check = {
  get title() {
    return M.titles.auth;
  },
  blocking: true,
  async run(context, signal) {
    const response = await send(context, signal, {});
    if (response.status === 404) return { status: 'fail', detail: M.auth.noRoute(404), fix: M.auth.routeFix };
    if (response.status !== 401 && response.status !== 403) {
      const mode = context.settings.auth;
      return { status: 'pass', detail: mode === 'none' ? M.auth.acceptedNone(response.status) : M.auth.accepted(mode === 'iam' ? M.auth.iamMode : M.auth.apiKeyMode, response.status) };
    }
    return refusal(context, signal, response);
  },
};

async function refusal(context: DoctorContext, signal: AbortSignal, response: ProbeResponse): Promise<CheckResult> {
  const mode = context.settings.auth;
  const detail = messageOf(response.body);
  if (/missing authentication token/i.test(detail)) {
    if (mode === 'iam') return { status: 'fail', detail: M.auth.noRoute(response.status), fix: M.auth.routeFix };
    const again = await send(context, signal, { authorization: INCOMPLETE_SIGNATURE });
    if (/missing authentication token/i.test(messageOf(again.body))) return { status: 'fail', detail: M.auth.noRoute(again.status), fix: M.auth.routeFix };
    return { status: 'fail', detail: M.auth.expectsIam(mode), fix: M.auth.iamFix };
  }
  if (/^forbidden$/i.test(detail.trim())) {
    if (mode === 'apiKey') return { status: 'fail', detail: M.auth.apiKeyRejected, fix: M.auth.apiKeyRejectedFix };
    return { status: 'fail', detail: M.auth.expectsApiKey(mode), fix: M.auth.apiKeyFix };
  }
  if (/credential should be scoped to a valid region/i.test(detail)) return { status: 'fail', detail: M.auth.signatureRegion(detail), fix: M.auth.signatureRegionFix };
  if (/signature expired|not yet current/i.test(detail)) return { status: 'fail', detail: M.auth.signatureExpired(detail), fix: M.auth.signatureExpiredFix };
  if (/security token.*invalid|signature.*does not match|token.*expired/i.test(detail)) return { status: 'fail', detail: M.auth.signatureInvalid(detail), fix: M.auth.signatureInvalidFix };
  if (/not authorized|explicit deny|accessdenied/i.test(detail)) return { status: 'fail', detail: M.auth.notAllowed(detail), fix: M.auth.notAllowedFix };
  return { status: 'fail', detail: M.auth.refused(response.status, detail), fix: M.auth.refusedFix };
}

/** POSTs `{}` to the endpoint with the configured auth, plus `extra` headers. */
async function send(context: DoctorContext, signal: AbortSignal, extra: Record<string, string>): Promise<ProbeResponse> {
  const url = context.endpointUrl;
  const base = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': context.deps.userAgent, ...extra };
  const body = '{}';
  const signed = await context.auth.headers({ url, method: 'POST', headers: base, body });
  const response = await probe(await context.dispatcher(), url, { method: 'POST', headers: { ...base, ...signed }, body }, signal);
  // What the endpoint sends back is shown in the report: an echoed key or signature must not be.
  return { ...response, body: redactText(response.body, secretsSent({ ...signed, ...extra })) };
}

/** The message of an error body (API Gateway's `{"message"}`, our `{"error":{"message"}}`), else the text. */
function messageOf(body: string): string {
  return parseErrorBody(body)?.message ?? body.replace(/\s+/g, ' ').trim().slice(0, 300);
}
