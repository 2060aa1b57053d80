/** The REST API proxy event (`AWS_PROXY` integration) API Gateway sends to the Lambda for one request. */
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CallerIdentity } from './gatewayAuth';

/** The REST API proxy event API Gateway sends to the Lambda; `resource` is the matched route (`/chat`, `/models`). */
export function buildProxyEvent(
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  requestId: string,
  stage: string,
  identity: CallerIdentity,
  started: number,
  resource = '/chat',
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  // Text bodies arrive as strings; bytes that are not UTF-8 arrive base64-encoded.
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = undefined;
  }
  const hasQuery = url.searchParams.size > 0;
  return {
    resource,
    path: url.pathname,
    httpMethod: req.method ?? 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: body.length === 0 ? null : (text ?? body.toString('base64')),
    isBase64Encoded: body.length > 0 && text === undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      extendedRequestId: randomBytes(8).toString('base64url'),
      httpMethod: req.method ?? 'POST',
      path: `/${stage}${url.pathname}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestId,
      requestTime: new Date(started).toUTCString(),
      requestTimeEpoch: started,
      resourceId: 'local',
      resourcePath: resource,
      stage,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
        ...identity,
      },
    },
  };
}
