/**
 * SigV4 verification for the local API Gateway (`iam` auth): re-signs the received request with
 * the configured secret and the request's own signing date, then compares signatures. Error
 * messages follow API Gateway's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ReceivedRequest {
  method: string;
  /** host[:port] as received. */
  host: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
}

/** What SigV4 verification reads of a request that arrived at a local server. */
export function receivedRequest(req: IncomingMessage, url: URL, body: Buffer): ReceivedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return { method: req.method ?? 'POST', host: headers.host ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body };
}

export type Verdict = { ok: true; accessKeyId: string } | { ok: false; message: string; errorType: string };

const MAX_SKEW_MS = 5 * 60 * 1000;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Checks the request's SigV4 signature for `service` (API Gateway's `execute-api` unless told) in `region`. */
export async function verifySigV4(req: ReceivedRequest, credentials: IamCredentials, region: string, now = Date.now(), expectedService = 'execute-api'): Promise<Verdict> {
  const authorization = req.headers.authorization;
  if (!authorization) return deny('Missing Authentication Token', 'MissingAuthenticationTokenException');
  const m = AUTH.exec(authorization.trim());
  if (!m) return deny(`Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization}`, 'IncompleteSignatureException');
  const [, accessKeyId, scopeDate, scopeRegion, service, signedHeaderList, signature] = m;

  if (accessKeyId !== credentials.accessKeyId) return deny('The security token included in the request is invalid.', 'UnrecognizedClientException');
  if (service !== expectedService) return deny(`Credential should be scoped to correct service: '${expectedService}'. `, 'InvalidSignatureException');
  if (scopeRegion !== region) return deny(`Credential should be scoped to a valid region, not '${scopeRegion}'. `, 'InvalidSignatureException');

  const amzDate = req.headers['x-amz-date'];
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !signingDate) return deny(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`, 'IncompleteSignatureException');
  if (amzDate.slice(0, 8) !== scopeDate) return deny(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`, 'InvalidSignatureException');
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    const early = signingDate.getTime() < now;
    return deny(
      early
        ? `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now - MAX_SKEW_MS))} (${formatAmzDate(new Date(now))} - 5 min.)`
        : `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now + MAX_SKEW_MS))} (${formatAmzDate(new Date(now))} + 5 min.)`,
      'InvalidSignatureException',
    );
  }

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) return deny(MISMATCH, 'InvalidSignatureException');
  // A declared payload hash must be the body's, or a tampered body would verify.
  const declared = req.headers['x-amz-content-sha256'];
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== bodyHash) return deny(MISMATCH, 'InvalidSignatureException');

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = name === 'host' ? req.host : req.headers[name];
    if (value === undefined) return deny(MISMATCH, 'InvalidSignatureException');
    headers[name] = value;
  }
  const [hostname, port] = req.host.split(':');
  const signer = new SignatureV4({ service: expectedService, region, credentials, sha256: Sha256, applyChecksum: false });
  const expected = await signer.sign(
    new HttpRequest({ method: req.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: req.path, query: req.query, headers, body: req.body }),
    { signingDate, signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set() },
  );
  const got = /Signature=([0-9a-f]{64})/.exec(expected.headers.authorization ?? '')?.[1] ?? '';
  const signedMatch = /SignedHeaders=([^,]+)/.exec(expected.headers.authorization ?? '')?.[1];
  if (signedMatch !== signedHeaderList || got.length !== signature.length || !timingSafeEqual(Buffer.from(got), Buffer.from(signature))) {
    return deny(MISMATCH, 'InvalidSignatureException');
  }
  return { ok: true, accessKeyId };
}

function deny(message: string, errorType: string): Verdict {
  return { ok: false, message, errorType };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
