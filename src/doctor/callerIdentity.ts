import { iamAuth, type AwsCredentials } from '../transport/auth';
import { isLoopbackHost } from '../transport/endpointUrl';
import type { DoctorContext } from './context';
import { probe } from './probe';

/** What AWS STS said of the credentials (the call `aws sts get-caller-identity` makes; it needs no IAM permission). */
export type CallerIdentity =
  | { kind: 'identity'; arn: string; account: string }
  /** STS answered with an error: `code` as STS names it (ExpiredToken, InvalidClientTokenId, SignatureDoesNotMatch…). */
  | { kind: 'refused'; code: string; message: string }
  /** No answer from STS (offline, a network that allows only the endpoint, a timeout): nothing decided. */
  | { kind: 'unreachable'; message: string };

/** STS answers within seconds; a network that drops the connection should not hold the check. */
const STS_TIMEOUT_MS = 10_000;
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

/**
 * The STS endpoint for `region`: `AWS_ENDPOINT_URL_STS` or `AWS_ENDPOINT_URL` when set (as the AWS
 * CLI and SDKs honour them, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true), else the regional
 * endpoint. Throws for a configured value that is not a URL, or plain http to another machine.
 */
export function stsEndpoint(region: string, env: NodeJS.ProcessEnv): URL {
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true';
  const configured = ignore ? undefined : env.AWS_ENDPOINT_URL_STS?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (!configured) return new URL(`https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`);
  const url = new URL(configured);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) throw new Error(`${configured}: only https, or http on this machine`);
  return url;
}

/** Asks STS who `credentials` belong to, signed for `region`, through the transport's dispatcher (same proxy and certificates). */
export async function callerIdentity(context: DoctorContext, credentials: AwsCredentials, region: string, signal: AbortSignal): Promise<CallerIdentity> {
  let url: URL;
  try {
    url = stsEndpoint(region, context.env);
  } catch (err) {
    return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err) };
  }
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const auth = iamAuth({ region, credentials: async () => credentials, service: 'sts' });
  try {
    const signed = await auth.headers({ url, method: 'POST', headers, body: BODY });
    const response = await probe(await context.dispatcher(), url, { method: 'POST', headers: { ...headers, ...signed }, body: BODY }, AbortSignal.any([signal, AbortSignal.timeout(STS_TIMEOUT_MS)]));
    const arn = xmlText(response.body, 'Arn');
    const account = xmlText(response.body, 'Account');
    if (response.status === 200 && arn && account) return { kind: 'identity', arn, account };
    const code = xmlText(response.body, 'Code');
    if (code) return { kind: 'refused', code, message: xmlText(response.body, 'Message') ?? '' };
    return { kind: 'unreachable', message: `HTTP ${response.status}` };
  } catch (err) {
    if (signal.aborted) throw err;
    return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err) };
  }
}

/** The text of the first `<tag>` of an STS response (flat text elements only), entities decoded. */
function xmlText(xml: string, tag: string): string | undefined {
  const text = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  return text?.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
}
