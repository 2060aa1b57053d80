/**
 * Every user-facing string of the endpoint check ("Ask Bedrock: Check Endpoint"), in one place so
 * it can be localized as one unit. Text from the endpoint or the environment is passed in as
 * arguments and never rewritten here.
 */

const EXAMPLE_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat';
const CONFIGURE = 'Run "Ask Bedrock: Configure Endpoint"';

export const titles = {
  urlShape: 'URL shape',
  network: 'DNS and TLS',
  credentials: 'Credentials',
  clock: 'Clock',
  auth: 'Auth',
  models: 'Models (/models)',
  streaming: 'Streaming',
} as const;

export const urlShape = {
  fix: `${CONFIGURE} and paste the ChatEndpoint output of the stack, e.g. ${EXAMPLE_URL}.`,
  local: (origin: string, path: string) => `an endpoint on this machine (${origin}), path ${path}`,
  apiGateway: (apiId: string, region: string, stage: string, resource: string) => `API Gateway REST API ${apiId} in ${region}, stage "${stage}", resource ${resource}`,
  noStage: (host: string) => `${host} is an API Gateway host, but the URL has no stage and no resource path.`,
  noResource: (segment: string) => `The URL has only one path segment (/${segment}): an API Gateway URL needs the stage and the resource, /<stage>/chat.`,
  stageFix: `Add the stage and the resource to the URL, e.g. ${EXAMPLE_URL} (the ChatEndpoint output of the stack has both).`,
  customDomain: (host: string, path: string) => `custom domain ${host} (not *.execute-api.<region>.amazonaws.com), path ${path}: its base path mapping chooses the API and stage`,
  regionMismatch: (setting: string, host: string) => `askBedrock.aws.region is ${setting}, but the API is in ${host}: requests would be signed for the wrong region.`,
  regionFix: (host: string) => `Clear askBedrock.aws.region (the region is then taken from the URL) or set it to ${host}.`,
};

export const network = {
  thisMachine: 'this machine',
  viaProxy: (proxy: string) => `via proxy ${proxy}`,
  resolvedByProxy: (host: string, proxy: string) => `${host} is not resolved here; the proxy ${proxy} resolves it`,
  resolved: (host: string, addresses: string) => `${host} → ${addresses}`,
  plainHttp: 'plain http, no TLS',
  tlsVerified: 'TLS verified',
  tlsUnverified: 'TLS NOT verified (http.proxyStrictSSL is false)',
  answered: (status: number, ms: number) => `answered HTTP ${status} in ${ms} ms`,
  dnsFailed: (host: string, code: string) => `${host} does not resolve (${code}).`,
  dnsFix: 'Check the host name in askBedrock.endpoint (copy the ChatEndpoint output of the stack). On a VPN or company network, check that its DNS resolves public AWS names.',
  refusedLocalFix: 'Start the local endpoint (npm run local) or correct the port in askBedrock.endpoint.',
  tlsFix: 'If your network inspects TLS, its certificate authority must be in the system store (VS Code setting http.systemCertificates on) or in the file NODE_EXTRA_CA_CERTS names.',
  proxyFix: 'Check http.proxy (or HTTPS_PROXY) and that the proxy lets this host through; add the host to http.noProxy if it should be reached directly.',
  genericFix: 'Check askBedrock.endpoint, your network and any proxy (http.proxy, HTTPS_PROXY).',
};

export const credentials = {
  none: 'askBedrock.auth is "none": requests are not signed, so the endpoint must be unauthenticated (anyone who has the URL can use it).',
  apiKeyStored: 'an API key is in VS Code\'s secret storage',
  apiKeyMissing: 'askBedrock.auth is "apiKey", but no API key is in secret storage.',
  apiKeyFix: 'Run "Ask Bedrock: Set API Key" and paste the key (the stack prints how to read it).',
  profileMissing: (profile: string, files: string) => `The AWS profile "${profile}" is not in ${files}.`,
  profileFix: (profile: string) => `Create it with \`aws configure --profile ${profile}\` (keys) or \`aws configure sso --profile ${profile}\` (IAM Identity Center), or correct askBedrock.aws.profile.`,
  ssoFix: (profile: string) => `Run \`aws sso login${profile ? ` --profile ${profile}` : ''}\` in a terminal, then check again.`,
  loadFix: (profile: string) => `Set askBedrock.aws.profile to a profile that works in \`aws sts get-caller-identity${profile ? ` --profile ${profile}` : ''}\`, or configure credentials with \`aws configure\`.`,
  regionFix: 'Set askBedrock.aws.region to the region of your API.',
  source: (profile: string | undefined, sso: boolean) => (profile ? `profile "${profile}"${sso ? ' (SSO)' : ''}` : 'the default credential chain'),
  signsAs: (key: string, temporary: boolean, from: string, region: string, account: string | undefined) =>
    `signs as ${key}${account ? ` in account ${account}` : ''} (${temporary ? 'temporary credentials' : 'a long-term access key'}) from ${from}, for region ${region}`,
};

export const clock = {
  noDate: 'the endpoint sent no Date header, so the clock could not be compared',
  within: (seconds: number) => `this machine's clock is within ${seconds} s of the endpoint's`,
  skewed: (seconds: number, ahead: boolean) => `This machine's clock is ${formatDuration(seconds)} ${ahead ? 'ahead of' : 'behind'} the endpoint's; SigV4 refuses requests more than 5 minutes off.`,
  skewedNotSigned: (seconds: number, ahead: boolean) => `this machine's clock is ${formatDuration(seconds)} ${ahead ? 'ahead' : 'behind'}; only IAM (SigV4) auth minds that`,
  fix: 'Set the system clock (turn on automatic time / NTP), then check again.',
};

export const auth = {
  accepted: (mode: string, status: number) => `the endpoint accepted ${mode} (a request with an empty body got HTTP ${status}, as expected)`,
  acceptedNone: (status: number) => `the endpoint takes requests without auth (HTTP ${status} to an empty request): anyone who has the URL can use it`,
  noRoute: (status: number) => `Nothing is deployed at this path (HTTP ${status}${status === 403 ? ' Missing Authentication Token' : ''}): the stage or the resource in the URL is wrong.`,
  routeFix: `Use the ChatEndpoint output of the stack as askBedrock.endpoint (stage and resource included), e.g. ${EXAMPLE_URL}.`,
  expectsIam: (mode: string) => `The endpoint expects IAM (SigV4) auth, but askBedrock.auth is "${mode}" (HTTP 403 Missing Authentication Token to an unsigned request).`,
  iamFix: `${CONFIGURE} and choose IAM (SigV4), with the AWS profile allowed to call the API.`,
  expectsApiKey: (mode: string) => `The endpoint expects an API key (HTTP 403 Forbidden), but askBedrock.auth is "${mode}".`,
  apiKeyFix: `${CONFIGURE}, choose API key and paste the key.`,
  apiKeyRejected: 'The endpoint refused the API key in secret storage (HTTP 403 Forbidden): it is wrong or not in the API\'s usage plan.',
  apiKeyRejectedFix: 'Run "Ask Bedrock: Set API Key" with the key the stack created.',
  signatureRegion: (detail: string) => `The endpoint refused the signature's region (${detail}).`,
  signatureRegionFix: 'Set askBedrock.aws.region to the region of the API, or clear it to use the one in the URL.',
  signatureExpired: (detail: string) => `The endpoint refused the signature as expired (${detail}).`,
  signatureExpiredFix: 'Set the system clock (automatic time / NTP); if you use SSO, run `aws sso login` too.',
  signatureInvalid: (detail: string) => `The endpoint refused the credentials that signed the request (${detail}).`,
  signatureInvalidFix: 'The access key is unknown to this account or expired: check askBedrock.aws.profile; with SSO, run `aws sso login`.',
  notAllowed: (detail: string) => `Your AWS identity may not call this API (${detail}).`,
  notAllowedFix: 'Grant the identity execute-api:Invoke on the API\'s /chat and /models methods (the stack outputs the policy to attach).',
  refused: (status: number, detail: string) => `The endpoint refused access (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
  refusedFix: 'Check askBedrock.endpoint and askBedrock.auth against how the stack was deployed (cdk deploy -c auth=…).',
};

export const models = {
  none: 'no model list (GET /models): a protocol 1 endpoint, so the model setting cannot be checked here',
  listed: (protocol: number, ids: string, defaultModel: string) => `protocol ${protocol}; allowed: ${ids}; default ${defaultModel}`,
  defaultUsed: 'askBedrock.modelId is empty: the default is used',
  configuredAllowed: (id: string) => `askBedrock.modelId ${id} is allowed`,
  notAllowed: (id: string, ids: string) => `askBedrock.modelId is ${id}, which this deployment does not allow (allowed: ${ids}).`,
  notAllowedFix: 'Set askBedrock.modelId to an allowed model (or clear it for the default), or add the model to the stack: cdk deploy -c allowedModelIds=…',
  failed: (message: string) => `GET /models failed: ${message}`,
  failedFix: 'Check that the stack is current (npm run deploy): its /models route uses the same auth as /chat.',
};

export const streaming = {
  /** Asks for several short pieces, so a streaming endpoint sends several chunks. */
  prompt: 'Count from 1 to 20, separated by spaces. Reply with the numbers only.',
  streams: (chunks: number, spreadMs: number, firstByteMs: number, totalMs: number) =>
    `streams: ${chunks} chunks spread over ${spreadMs} ms of ${totalMs} ms; first byte after ${firstByteMs} ms`,
  buffered: (chunks: number, spreadMs: number, firstByteMs: number) =>
    `The response is buffered, not streamed: all ${chunks} chunks arrived within ${spreadMs} ms, after ${firstByteMs} ms of silence. An API Gateway integration without response streaming (responseTransferMode STREAM), or a proxy on the way, holds the whole answer.`,
  bufferedViaProxy: (proxy: string) => ` Requests go through the proxy ${proxy}, which may be what buffers.`,
  bufferedFix: 'Deploy the stack from this repository (npm run deploy): its Lambda integration streams (responseTransferMode STREAM). If a proxy buffers, add the host to http.noProxy or ask for streaming (no response buffering) for it.',
  tooFew: (chunks: number, firstByteMs: number) => `the answer came in ${chunks} piece${chunks === 1 ? '' : 's'} (first byte after ${firstByteMs} ms), too few to tell whether it streams`,
  failed: (message: string) => `The streaming request failed: ${message}`,
  failedFix: 'Show the log (Ask Bedrock: Show Log) for the request id, and the Lambda\'s CloudWatch logs for its side.',
};

export const report = {
  heading: 'Ask Bedrock — endpoint check',
  endpoint: (endpoint: string) => `Endpoint: ${endpoint || '(not set)'}`,
  settings: (auth: string, profile: string, region: string, model: string) =>
    `Auth: ${auth}${profile ? `, profile ${profile}` : ''}${region ? `, region ${region}` : ''}; model: ${model || '(endpoint default)'}`,
  client: (userAgent: string) => `Client: ${userAgent}`,
  notRun: 'not run: fix the failure above first',
  fix: (title: string, fix: string) => `To fix "${title}": ${fix}`,
  allPassed: 'Every check passed.',
};

export const ui = {
  progressTitle: 'Ask Bedrock: checking the endpoint…',
  copyReport: 'Copy Report',
  configure: 'Configure Endpoint',
  copied: 'Ask Bedrock: the endpoint check report is on the clipboard.',
  outputName: 'Ask Bedrock: Endpoint Check',
  connected: (model: string, firstByteMs: number | undefined) =>
    `Ask Bedrock is connected${model ? ` to ${model}` : ''}: every check passed${firstByteMs === undefined ? '' : `, first byte after ${firstByteMs} ms`}.`,
  unreachable: (title: string, detail: string) => `Ask Bedrock could not reach the endpoint: ${title} failed. ${detail}`,
  reachedBut: (title: string, detail: string) => `Ask Bedrock reached the endpoint, but ${title} failed. ${detail}`,
};

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
