import { errorFromException } from '../transport/errors';
import { request, type Dispatcher } from '../transport/lazyUndici';

/** Largest body a probe reads: error bodies are short; more is cut. */
const MAX_PROBE_BODY = 16 * 1024;

/** One response as a check reads it. */
export interface ProbeResponse {
  status: number;
  /** Lower-case names, first value of each. */
  headers: Record<string, string>;
  body: string;
  /** When the response headers arrived (performance.now()). */
  arrivedAt: number;
}

/** Sends one request through the transport's dispatcher and reads a bounded body; a failure is thrown as the transport's TransportError. */
export async function probe(
  dispatcher: Dispatcher,
  url: URL,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  signal: AbortSignal,
): Promise<ProbeResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, { ...init, signal, dispatcher });
  } catch (err) {
    throw errorFromException(err, signal);
  }
  const arrivedAt = performance.now();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  }
  const decoder = new TextDecoder('utf-8');
  let body = '';
  try {
    for await (const chunk of response.body) {
      body += decoder.decode(chunk as Uint8Array, { stream: true });
      if (body.length > MAX_PROBE_BODY) {
        response.body.destroy();
        break;
      }
    }
  } catch (err) {
    if (signal.aborted) throw errorFromException(err, signal);
    // a body cut short still has a status worth reading
  }
  return { status: response.statusCode, headers, body, arrivedAt };
}

/** The headers that carry a secret: the API key, the signature, the session token. */
const SECRET_HEADERS = /^(x-api-key|authorization|x-amz-security-token)$/i;

/** The values of the auth headers sent (API key, Authorization, session token) and the parts of a SigV4 Authorization (access key id, signature). */
export function secretsSent(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.test(name)) continue;
    secrets.push(value);
    // "AWS4-HMAC-SHA256 Credential=AKIA…/date/region/service/aws4_request, SignedHeaders=…, Signature=…"
    for (const [, part] of value.matchAll(/(?:Credential|Signature)=([^,\s]+)/g)) secrets.push(part, part.split('/')[0]);
  }
  // Longest first: a key inside a longer value is replaced as part of it.
  return secrets.sort((a, b) => b.length - a.length);
}
