import { iamAuth, type AwsCredentials } from '../transport/auth';
import { isLoopbackHost } from '../transport/endpointUrl';
import { redactText } from '../transport/errors';
import type { DoctorContext } from './context';
import * as M from './messages';
import { probe, secretsSent } from './probe';

/** What AWS STS said of the credentials (the call `aws sts get-caller-identity` makes; it needs no IAM permission). */
export type CallerIdentity =
  | { kind: 'identity'; arn: string; account: string }
  /** STS answered with an error: `code` as STS names it (ExpiredToken, InvalidClientTokenId, SignatureDoesNotMatch…), `message` its first line, secrets redacted. */
  | { kind: 'refused'; code: string; message: string }
  /** STS not asked, or no answer from it (offline, a network that allows only the endpoint, a timeout): nothing decided. */
  | { kind: 'unconfirmed'; reason: string };

/** STS answers within seconds; a network that drops the connection should not hold the check. */
const STS_TIMEOUT_MS = 10_000;
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
/** us-east-1, ap-southeast-2, us-gov-west-1, cn-north-1…: anything else is not put into a host name. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const MAX_MESSAGE = 300;

/**
 * The STS endpoint for `region`: `AWS_ENDPOINT_URL_STS` or `AWS_ENDPOINT_URL` when set (as the AWS
 * CLI and SDKs honour them, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true), else the regional
 * endpoint. Throws for a configured value that is not a URL, plain http to another machine, or a
 * region that is not one.
 */
export function stsEndpoint(region: string, env: NodeJS.ProcessEnv): URL {
  const configured = configuredStsEndpoint(env);
  if (configured) {
    const url = new URL(configured);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) throw new Error(`${configured}: only https, or http on this machine`);
    return url;
  }
  if (!REGION.test(region)) throw new Error(`"${region}" is not an AWS region`);
  return new URL(`https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`);
}

function configuredStsEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_STS?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
}

/**
 * Asks STS who `credentials` belong to, signed for `region`, through the transport's dispatcher
 * (same proxy and certificates). Not asked for an endpoint on this machine unless an STS endpoint
 * is configured: the local stack's keys are made up, and the real STS would refuse them.
 */
export async function callerIdentity(context: DoctorContext, credentials: AwsCredentials, region: string, signal: AbortSignal): Promise<CallerIdentity> {
  if (isLoopbackHost(context.endpointUrl.hostname) && !configuredStsEndpoint(context.env)) return { kind: 'unconfirmed', reason: M.credentials.stsNotAskedLocally };
  let url: URL;
  try {
    url = stsEndpoint(region, context.env);
  } catch (err) {
    return { kind: 'unconfirmed', reason: err instanceof Error ? err.message : String(err) };
  }
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': context.deps.userAgent };
  const timeout = AbortSignal.timeout(STS_TIMEOUT_MS);
  try {
    const signed = await iamAuth({ region, credentials: async () => credentials, service: 'sts' }).headers({ url, method: 'POST', headers, body: BODY });
    const response = await probe(await context.dispatcher(), url, { method: 'POST', headers: { ...headers, ...signed }, body: BODY }, AbortSignal.any([signal, timeout]));
    const arn = xmlText(response.body, 'Arn');
    const account = xmlText(response.body, 'Account');
    if (response.status === 200 && arn && account) return { kind: 'identity', arn, account };
    const code = xmlText(response.body, 'Code');
    if (!code) return { kind: 'unconfirmed', reason: `${url.host}: HTTP ${response.status}` };
    // Some services echo the canonical request, session token included, after the first line.
    const firstLine = (xmlText(response.body, 'Message') ?? '').split('\n')[0].trim().slice(0, MAX_MESSAGE);
    return { kind: 'refused', code, message: redactText(firstLine, secretsSent(signed)) };
  } catch (err) {
    if (signal.aborted) throw err;
    return { kind: 'unconfirmed', reason: timeout.aborted ? M.credentials.stsTimedOut(url.host, STS_TIMEOUT_MS / 1000) : `${url.host}: ${networkCode(err)}` };
  }
}

/** The system's error code under a transport error (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED…), else its message. */
function networkCode(err: unknown): string {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  }
  return err instanceof Error ? err.message : String(err);
}

/** The text of the first `<tag>` of an STS response (flat text elements only), entities decoded. */
function xmlText(xml: string, tag: string): string | undefined {
  const text = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  return text?.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
}
