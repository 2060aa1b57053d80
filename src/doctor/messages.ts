/**
 * Every user-facing string of the endpoint check ("Ask Bedrock: Check Endpoint"), in one place so
 * it can be localized as one unit. Text from the endpoint or the environment is passed in as
 * arguments and never rewritten here. Texts are getters or functions, not constants: they are
 * translated when shown, after activation has pointed the l10n seam at VS Code's display language.
 */
import { EXAMPLE_ENDPOINT_URL } from '../transport/endpointUrl';
import * as l10n from '../util/l10n';

export const titles = {
  get urlShape() { return l10n.t('URL shape'); },
  get network() { return l10n.t('DNS and TLS'); },
  get credentials() { return l10n.t('Credentials'); },
  get clock() { return l10n.t('Clock'); },
  get auth() { return l10n.t('Auth'); },
  get models() { return l10n.t('Models (/models)'); },
  get streaming() { return l10n.t('Streaming'); },
};

export const urlShape = {
  get fix() { return l10n.t('Run "Ask Bedrock: Configure Endpoint" and paste the ChatEndpoint output of the stack, e.g. {0}.', EXAMPLE_ENDPOINT_URL); },
  local: (origin: string, path: string) => l10n.t('an endpoint on this machine ({0}), path {1}', origin, path),
  apiGateway: (apiId: string, region: string, stage: string, resource: string) => l10n.t('API Gateway REST API {0} in {1}, stage "{2}", resource {3}', apiId, region, stage, resource),
  noStage: (host: string) => l10n.t('{0} is an API Gateway host, but the URL has no stage and no resource path.', host),
  noResource: (segment: string) => l10n.t('The URL has only one path segment (/{0}): an API Gateway URL needs the stage and the resource, /<stage>/chat.', segment),
  get stageFix() { return l10n.t('Add the stage and the resource to the URL, e.g. {0} (the ChatEndpoint output of the stack has both).', EXAMPLE_ENDPOINT_URL); },
  customDomain: (host: string, path: string) => l10n.t('custom domain {0} (not *.execute-api.<region>.amazonaws.com), path {1}: its base path mapping chooses the API and stage', host, path),
  regionMismatch: (setting: string, host: string) => l10n.t('askBedrock.aws.region is {0}, but the API is in {1}: requests would be signed for the wrong region.', setting, host),
  regionFix: (host: string) => l10n.t('Clear askBedrock.aws.region (the region is then taken from the URL) or set it to {0}.', host),
};

export const network = {
  get thisMachine() { return l10n.t('this machine'); },
  viaProxy: (proxy: string) => l10n.t('via proxy {0}', proxy),
  resolvedByProxy: (host: string, proxy: string) => l10n.t('{0} is not resolved here; the proxy {1} resolves it', host, proxy),
  resolved: (host: string, addresses: string) => `${host} → ${addresses}`,
  get plainHttp() { return l10n.t('plain http, no TLS'); },
  get tlsVerified() { return l10n.t('TLS verified'); },
  get tlsUnverified() { return l10n.t('TLS NOT verified (http.proxyStrictSSL is false)'); },
  answered: (status: number, ms: number) => l10n.t('answered HTTP {0} in {1} ms', status, ms),
  dnsFailed: (host: string, code: string) => l10n.t('{0} does not resolve ({1}).', host, code),
  get dnsFix() { return l10n.t('Check the host name in askBedrock.endpoint (copy the ChatEndpoint output of the stack). On a VPN or company network, check that its DNS resolves public AWS names.'); },
  get refusedLocalFix() { return l10n.t('Start the local endpoint (npm run local) or correct the port in askBedrock.endpoint.'); },
  get tlsFix() { return l10n.t('If your network inspects TLS, its certificate authority must be in the system store (VS Code setting http.systemCertificates on) or in the file NODE_EXTRA_CA_CERTS names.'); },
  get proxyFix() { return l10n.t('Check http.proxy (or HTTPS_PROXY) and that the proxy lets this host through; add the host to http.noProxy if it should be reached directly.'); },
  get genericFix() { return l10n.t('Check askBedrock.endpoint, your network and any proxy (http.proxy, HTTPS_PROXY).'); },
};

export const credentials = {
  get none() { return l10n.t('askBedrock.auth is "none": requests are not signed, so the endpoint must be unauthenticated (anyone who has the URL can use it).'); },
  get apiKeyStored() { return l10n.t('an API key is in VS Code\'s secret storage'); },
  get apiKeyMissing() { return l10n.t('askBedrock.auth is "apiKey", but no API key is in secret storage.'); },
  get apiKeyFix() { return l10n.t('Run "Ask Bedrock: Set API Key" and paste the key (the stack prints how to read it).'); },
  profileMissing: (profile: string, files: readonly string[]) => l10n.t('The AWS profile "{0}" is not in {1}.', profile, eitherOf(files)),
  profileFix: (profile: string) => l10n.t('Create it with `aws configure --profile {0}` (keys) or `aws configure sso --profile {0}` (IAM Identity Center), or correct askBedrock.aws.profile.', profile),
  ssoFix: (profile: string) => l10n.t('Run `{0}` in a terminal, then check again.', `aws sso login${profile ? ` --profile ${profile}` : ''}`),
  loadFix: (profile: string) => l10n.t('Set askBedrock.aws.profile to a profile that works in `{0}`, or configure credentials with `aws configure`.', `aws sts get-caller-identity${profile ? ` --profile ${profile}` : ''}`),
  get regionFix() { return l10n.t('Set askBedrock.aws.region to the region of your API.'); },
  source: (profile: string | undefined, sso: boolean) => (profile ? (sso ? l10n.t('profile "{0}" (SSO)', profile) : l10n.t('profile "{0}"', profile)) : l10n.t('the default credential chain')),
  signsAsIdentity: (arn: string, key: string, temporary: boolean, from: string, region: string) =>
    l10n.t('signs as {0} (key {1}, {2}) from {3}, for region {4}', arn, key, temporary ? l10n.t('temporary credentials') : l10n.t('a long-term access key'), from, region),
  stsRefused: (code: string, message: string) => l10n.t('AWS STS refused these credentials: {0} ({1}).', code, message),
  stsUnconfirmed: (reason: string) => l10n.t('AWS STS could not confirm who that is ({0})', reason),
  get stsNotAskedLocally() { return l10n.t('not asked for an endpoint on this machine; set AWS_ENDPOINT_URL_STS to ask one'); },
  stsTimedOut: (host: string, seconds: number) => l10n.t('{0} did not answer within {1} s', host, seconds),
  get expiredFix() { return l10n.t('The temporary credentials have expired: renew them (`aws sso login`, or the tool that issued them), then check again.'); },
  get secretFix() { return l10n.t('The secret access key does not belong to the access key id: correct it in ~/.aws/credentials or the environment, then check again.'); },
  signsAs: (key: string, temporary: boolean, from: string, region: string, account: string | undefined) => {
    const kind = temporary ? l10n.t('temporary credentials') : l10n.t('a long-term access key');
    return account
      ? l10n.t('signs as {0} in account {1} ({2}) from {3}, for region {4}', key, account, kind, from, region)
      : l10n.t('signs as {0} ({1}) from {2}, for region {3}', key, kind, from, region);
  },
};

export const clock = {
  get noDate() { return l10n.t('the endpoint sent no Date header, so the clock could not be compared'); },
  within: (seconds: number) => l10n.t('this machine\'s clock is within {0} s of the endpoint\'s', seconds),
  skewed: (seconds: number, ahead: boolean) =>
    ahead
      ? l10n.t('This machine\'s clock is {0} ahead of the endpoint\'s; SigV4 refuses requests more than 5 minutes off.', formatDuration(seconds))
      : l10n.t('This machine\'s clock is {0} behind the endpoint\'s; SigV4 refuses requests more than 5 minutes off.', formatDuration(seconds)),
  skewedNotSigned: (seconds: number, ahead: boolean) =>
    ahead
      ? l10n.t('this machine\'s clock is {0} ahead; only IAM (SigV4) auth minds that', formatDuration(seconds))
      : l10n.t('this machine\'s clock is {0} behind; only IAM (SigV4) auth minds that', formatDuration(seconds)),
  get fix() { return l10n.t('Set the system clock (turn on automatic time / NTP), then check again.'); },
};

export const auth = {
  iamMode: 'IAM (SigV4)',
  get apiKeyMode() { return l10n.t('the API key'); },
  accepted: (mode: string, status: number) => l10n.t('the endpoint accepted {0} (a request with an empty body got HTTP {1}, as expected)', mode, status),
  acceptedNone: (status: number) => l10n.t('the endpoint takes requests without auth (HTTP {0} to an empty request): anyone who has the URL can use it', status),
  noRoute: (status: number) => l10n.t('Nothing is deployed at this path (HTTP {0}): the stage or the resource in the URL is wrong.', status === 403 ? `${status} Missing Authentication Token` : status),
  get routeFix() { return l10n.t('Use the ChatEndpoint output of the stack as askBedrock.endpoint (stage and resource included), e.g. {0}.', EXAMPLE_ENDPOINT_URL); },
  expectsIam: (mode: string) => l10n.t('The endpoint expects IAM (SigV4) auth, but askBedrock.auth is "{0}" (HTTP 403 Missing Authentication Token to an unsigned request).', mode),
  get iamFix() { return l10n.t('Run "Ask Bedrock: Configure Endpoint" and choose IAM (SigV4), with the AWS profile allowed to call the API.'); },
  expectsApiKey: (mode: string) => l10n.t('The endpoint expects an API key (HTTP 403 Forbidden), but askBedrock.auth is "{0}".', mode),
  get apiKeyFix() { return l10n.t('Run "Ask Bedrock: Configure Endpoint", choose API key and paste the key.'); },
  get apiKeyRejected() { return l10n.t('The endpoint refused the API key in secret storage (HTTP 403 Forbidden): it is wrong or not in the API\'s usage plan.'); },
  get apiKeyRejectedFix() { return l10n.t('Run "Ask Bedrock: Set API Key" with the key the stack created.'); },
  signatureRegion: (detail: string) => l10n.t('The endpoint refused the signature\'s region ({0}).', detail),
  get signatureRegionFix() { return l10n.t('Set askBedrock.aws.region to the region of the API, or clear it to use the one in the URL.'); },
  signatureExpired: (detail: string) => l10n.t('The endpoint refused the signature as expired ({0}).', detail),
  get signatureExpiredFix() { return l10n.t('Set the system clock (automatic time / NTP); if you use SSO, run `aws sso login` too.'); },
  signatureInvalid: (detail: string) => l10n.t('The endpoint refused the credentials that signed the request ({0}).', detail),
  get signatureInvalidFix() { return l10n.t('The access key is unknown to this account or expired: check askBedrock.aws.profile; with SSO, run `aws sso login`.'); },
  notAllowed: (detail: string) => l10n.t('Your AWS identity may not call this API ({0}).', detail),
  get notAllowedFix() { return l10n.t('Grant the identity execute-api:Invoke on the API\'s /chat and /models methods (the stack outputs the policy to attach).'); },
  refused: (status: number, detail: string) => (detail ? l10n.t('The endpoint refused access (HTTP {0}: {1}).', status, detail) : l10n.t('The endpoint refused access (HTTP {0}).', status)),
  get refusedFix() { return l10n.t('Check askBedrock.endpoint and askBedrock.auth against how the stack was deployed (cdk deploy -c auth=…).'); },
};

export const models = {
  get none() { return l10n.t('no model list (GET /models): a protocol 1 endpoint, so the model setting cannot be checked here'); },
  listed: (protocol: number, ids: string, defaultModel: string) => l10n.t('protocol {0}; allowed: {1}; default {2}', protocol, ids, defaultModel),
  get defaultUsed() { return l10n.t('askBedrock.modelId is empty: the default is used'); },
  configuredAllowed: (id: string) => l10n.t('askBedrock.modelId {0} is allowed', id),
  notAllowed: (id: string, ids: string) => l10n.t('askBedrock.modelId is {0}, which this deployment does not allow (allowed: {1}).', id, ids),
  get notAllowedFix() { return l10n.t('Set askBedrock.modelId to an allowed model (or clear it for the default), or add the model to the stack: cdk deploy -c allowedModelIds=…'); },
  failed: (message: string) => l10n.t('GET /models failed: {0}', message),
  get failedFix() { return l10n.t('Check that the stack is current (npm run deploy): its /models route uses the same auth as /chat.'); },
};

export const streaming = {
  /** Asks for several short pieces, so a streaming endpoint sends several chunks. Sent to the model: not translated. */
  prompt: 'Count from 1 to 20, separated by spaces. Reply with the numbers only.',
  streams: (chunks: number, spreadMs: number, firstByteMs: number, totalMs: number) =>
    l10n.t('streams: {0} chunks spread over {1} ms of {2} ms; first byte after {3} ms', chunks, spreadMs, totalMs, firstByteMs),
  buffered: (chunks: number, spreadMs: number, firstByteMs: number) =>
    l10n.t('The response is buffered, not streamed: all {0} chunks arrived within {1} ms, after {2} ms of silence. An API Gateway integration without response streaming (responseTransferMode STREAM), or a proxy on the way, holds the whole answer.', chunks, spreadMs, firstByteMs),
  bufferedViaProxy: (proxy: string) => ` ${l10n.t('Requests go through the proxy {0}, which may be what buffers.', proxy)}`,
  get bufferedFix() { return l10n.t('Deploy the stack from this repository (npm run deploy): its Lambda integration streams (responseTransferMode STREAM). If a proxy buffers, add the host to http.noProxy or ask for streaming (no response buffering) for it.'); },
  tooFew: (chunks: number, firstByteMs: number) =>
    chunks === 1
      ? l10n.t('the answer came in 1 piece (first byte after {0} ms), too few to tell whether it streams', firstByteMs)
      : l10n.t('the answer came in {0} pieces (first byte after {1} ms), too few to tell whether it streams', chunks, firstByteMs),
  failed: (message: string) => l10n.t('The streaming request failed: {0}', message),
  nothingArrived: (seconds: number) => l10n.t('nothing arrived in {0} s', seconds),
  get failedFix() { return l10n.t('Show the log (Ask Bedrock: Show Log) for the request id, and the Lambda\'s CloudWatch logs for its side.'); },
};

export const report = {
  get heading() { return l10n.t('Ask Bedrock — endpoint check'); },
  endpoint: (endpoint: string) => l10n.t('Endpoint: {0}', endpoint || l10n.t('(not set)')),
  settings: (auth: string, profile: string, region: string, model: string) => {
    const where = `${profile ? l10n.t(', profile {0}', profile) : ''}${region ? l10n.t(', region {0}', region) : ''}`;
    return l10n.t('Auth: {0}{1}; model: {2}', auth, where, model || l10n.t('(endpoint default)'));
  },
  client: (userAgent: string) => l10n.t('Client: {0}', userAgent),
  get notRun() { return l10n.t('not run: fix the failure above first'); },
  fix: (title: string, fix: string) => l10n.t('To fix "{0}": {1}', title, fix),
  get allPassed() { return l10n.t('Every check passed.'); },
};

export const ui = {
  get progressTitle() { return l10n.t('Ask Bedrock: checking the endpoint…'); },
  get copyReport() { return l10n.t('Copy Report'); },
  get configure() { return l10n.t('Configure Endpoint'); },
  get copied() { return l10n.t('Ask Bedrock: the endpoint check report is on the clipboard.'); },
  get outputName() { return l10n.t('Ask Bedrock: Endpoint Check'); },
  connected: (model: string, firstByteMs: number | undefined) => {
    if (model) return firstByteMs === undefined ? l10n.t('Ask Bedrock is connected to {0}: every check passed.', model) : l10n.t('Ask Bedrock is connected to {0}: every check passed, first byte after {1} ms.', model, firstByteMs);
    return firstByteMs === undefined ? l10n.t('Ask Bedrock is connected: every check passed.') : l10n.t('Ask Bedrock is connected: every check passed, first byte after {0} ms.', firstByteMs);
  },
  unreachable: (title: string, detail: string) => l10n.t('Ask Bedrock could not reach the endpoint: {0} failed. {1}', title, detail),
  reachedBut: (title: string, detail: string) => l10n.t('Ask Bedrock reached the endpoint, but {0} failed. {1}', title, detail),
};

function formatDuration(seconds: number): string {
  if (seconds < 120) return l10n.t('{0} s', seconds);
  if (seconds < 2 * 3600) return l10n.t('{0} min', Math.round(seconds / 60));
  return l10n.t('{0} h', Math.round(seconds / 3600));
}

/** "a", "a or b", "a, b or c": file names, in the display language. */
function eitherOf(names: readonly string[]): string {
  if (names.length < 2) return names.join('');
  return l10n.t('{0} or {1}', names.slice(0, -1).join(', '), names[names.length - 1]);
}
