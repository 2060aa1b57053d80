/**
 * The method's auth as API Gateway applies it before calling the integration: none, an API key
 * (`x-api-key`), or SigV4 (`iam`) for one allowed identity. What it learns about the caller goes
 * into the proxy event's `requestContext.identity`.
 */
import type * as http from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { AuthMode } from '../../src/protocol/wire';
import { LOCAL_CALLER } from './fakeSts';
import { receivedRequest, verifySigV4, type IamCredentials } from './sigv4Verify';

/** The caller as the proxy event describes it (only the fields auth fills in). */
export type CallerIdentity = Partial<APIGatewayProxyEvent['requestContext']['identity']>;

/** How the emulated method is protected. */
export interface GatewayAuth {
  auth?: AuthMode;
  /** Required for `apiKey`. */
  apiKey?: string;
  /** Required for `iam`: the one identity allowed to call. */
  iamCredentials?: IamCredentials;
  /** Region the SigV4 signature must be for (default us-east-1). */
  region?: string;
}

/** The caller's identity, or the 403 API Gateway answers with. */
export type AuthVerdict = { ok: true; identity: CallerIdentity } | { ok: false; message: string; errorType: string };

/** Applies the auth mode to one received request (`body` is what SigV4 signed). */
export async function authorize(req: http.IncomingMessage, url: URL, body: Buffer, settings: GatewayAuth): Promise<AuthVerdict> {
  switch (settings.auth ?? 'none') {
    case 'none':
      return { ok: true, identity: {} };
    case 'apiKey': {
      const key = req.headers['x-api-key'];
      if (typeof key !== 'string' || key !== settings.apiKey) return { ok: false, message: 'Forbidden', errorType: 'ForbiddenException' };
      return { ok: true, identity: { apiKey: key, apiKeyId: 'local-api-key' } };
    }
    case 'iam': {
      const creds = settings.iamCredentials;
      if (!creds) throw new Error('iam auth needs iamCredentials');
      const verdict = await verifySigV4(receivedRequest(req, url, body), creds, settings.region ?? 'us-east-1');
      if (!verdict.ok) return { ok: false, message: verdict.message, errorType: verdict.errorType };
      return {
        ok: true,
        identity: { accessKey: verdict.accessKeyId, caller: verdict.accessKeyId, userArn: LOCAL_CALLER.arn, user: verdict.accessKeyId },
      };
    }
  }
}
