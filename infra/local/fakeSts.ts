/**
 * A local stand-in for AWS STS, for the one call the endpoint check makes: GetCallerIdentity
 * (Query API, form-encoded POST, SigV4 for service `sts`). As documented for STS: 200 with a
 * GetCallerIdentityResponse; 403 InvalidClientTokenId for an access key it does not know,
 * ExpiredToken for an expired session token, SignatureDoesNotMatch for a wrong signature (with the
 * canonical request it expected), a signature scoped to another region, or a clock more than
 * 5 minutes off; 400 InvalidAction for any other action. Errors come as an ErrorResponse
 * document. It listens on 127.0.0.1 only.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { listen } from './listen';
import { readBody } from './readBody';
import { receivedRequest, verifySigV4, type IamCredentials } from './sigv4Verify';

/** The caller the local stack's IAM auth admits, as STS and API Gateway's identity describe it. */
export const LOCAL_CALLER = { account: '000000000000', arn: 'arn:aws:iam::000000000000:user/local' };

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MAX_BODY = 64 * 1024;

export interface FakeStsOptions {
  /** The one identity it knows. */
  credentials: IamCredentials;
  /** The region of the regional endpoint it stands in for: signatures must be scoped to it. */
  region: string;
  /** Session tokens (x-amz-security-token) it answers ExpiredToken for. */
  expiredSessionTokens?: readonly string[];
  now?: () => number;
}

export interface FakeSts {
  /** The base URL, e.g. `http://127.0.0.1:41234/` (what AWS_ENDPOINT_URL_STS points at). */
  readonly url: string;
  /** How many requests arrived. */
  readonly requestCount: number;
  close(): Promise<void>;
}

export async function startFakeSts(options: FakeStsOptions): Promise<FakeSts> {
  let requestCount = 0;
  const server = http.createServer((req, res) => {
    requestCount++;
    void respond(req, options)
      .catch((err: unknown) => error(500, 'Receiver', 'InternalFailure', err instanceof Error ? err.message : String(err)))
      .then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        res.end(body);
      });
  });
  const base = await listen(server);
  return {
    url: `${base}/`,
    get requestCount() {
      return requestCount;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function respond(req: http.IncomingMessage, options: FakeStsOptions): Promise<{ status: number; body: string }> {
  const body = await readBody(req, MAX_BODY);
  if (body === undefined) return error(413, 'Sender', 'RequestEntityTooLarge', 'Request body too large.');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const params = new URLSearchParams(req.method === 'POST' ? body.toString('utf8') : url.search);
  const received = receivedRequest(req, url, body);
  const headers = received.headers;
  const token = headers['x-amz-security-token'];
  if (token !== undefined && options.expiredSessionTokens?.includes(token)) return error(403, 'Sender', 'ExpiredToken', 'The security token included in the request is expired');
  const verdict = await verifySigV4(
    received,
    options.credentials,
    options.region,
    options.now?.() ?? Date.now(),
    'sts',
  );
  if (!verdict.ok) {
    if (verdict.errorType === 'MissingAuthenticationTokenException') return error(403, 'Sender', 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    if (verdict.errorType === 'UnrecognizedClientException') return error(403, 'Sender', 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (verdict.errorType === 'IncompleteSignatureException') return error(400, 'Sender', 'IncompleteSignature', verdict.message);
    // Like other Query-API services, a wrong signature's message goes on with the canonical request it expected.
    const echo = verdict.message.startsWith('The request signature we calculated') ? `\n\nThe Canonical String for this request should have been\n'${canonicalEcho(req.method ?? 'POST', url, headers, body)}'\n` : '';
    return error(403, 'Sender', 'SignatureDoesNotMatch', verdict.message + echo);
  }
  if (params.get('Action') !== 'GetCallerIdentity' || params.get('Version') !== '2011-06-15') {
    return error(400, 'Sender', 'InvalidAction', `Could not find operation ${params.get('Action') ?? ''} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
  }
  return {
    status: 200,
    body:
      `<GetCallerIdentityResponse xmlns="${NAMESPACE}">\n  <GetCallerIdentityResult>\n` +
      `    <Arn>${LOCAL_CALLER.arn}</Arn>\n    <UserId>${options.credentials.accessKeyId}</UserId>\n    <Account>${LOCAL_CALLER.account}</Account>\n` +
      `  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
  };
}

/** The canonical request as SigV4 builds it from what arrived: method, path, query, the signed headers, their names, the payload hash. */
function canonicalEcho(method: string, url: URL, headers: Record<string, string>, body: Buffer): string {
  const signed = /SignedHeaders=([^,\s]+)/.exec(headers.authorization ?? '')?.[1]?.split(';') ?? [];
  const lines = signed.map((name) => `${name}:${(headers[name] ?? '').trim()}`);
  const payload = createHash('sha256').update(body).digest('hex');
  return [method, url.pathname, url.searchParams.toString(), ...lines, '', signed.join(';'), payload].join('\n');
}

function error(status: number, type: 'Sender' | 'Receiver', code: string, message: string): { status: number; body: string } {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status,
    body: `<ErrorResponse xmlns="${NAMESPACE}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n    <Message>${escaped}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`,
  };
}
