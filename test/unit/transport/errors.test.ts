import * as assert from 'node:assert/strict';
import { errorFromException, errorFromResponse, parseRetryAfter } from '../../../src/transport/errors';

describe('transport/errors', () => {
  it('explains API Gateway 403 Forbidden as an API key problem', () => {
    const e = errorFromResponse(403, '{"message":"Forbidden"}');
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /API key/);
    assert.match(e.message, /Set API Key/);
  });

  it('explains Missing Authentication Token as a wrong path or missing IAM auth', () => {
    const e = errorFromResponse(403, '{"message":"Missing Authentication Token"}');
    assert.match(e.message, /path or method is wrong/);
    assert.match(e.message, /"iam"/);
  });

  it('explains a signature mismatch with region/profile and SSO hints', () => {
    const e = errorFromResponse(403, '{"message":"The request signature we calculated does not match the signature you provided."}');
    assert.match(e.message, /aws\.region/);
    assert.match(e.message, /aws sso login/);
  });

  it('maps 404, 413, 400 and 5xx with the endpoint detail', () => {
    assert.equal(errorFromResponse(404, '').kind, 'notFound');
    const big = errorFromResponse(413, '{"error":{"code":"PayloadTooLarge","message":"Body over 262144 bytes"}}');
    assert.equal(big.kind, 'tooLarge');
    assert.equal(big.code, 'PayloadTooLarge');
    assert.match(big.message, /262144/);
    const bad = errorFromResponse(400, '{"error":{"code":"BadRequest","message":"\\"prompt\\" must be a string."}}');
    assert.match(bad.message, /"prompt" must be a string/);
    const s502 = errorFromResponse(502, '{"error":{"code":"InternalError","message":"upstream"}}');
    assert.equal(s502.kind, 'server');
    assert.equal(s502.retryable, true);
    assert.equal(errorFromResponse(504, '{"message":"Endpoint request timed out"}').kind, 'timeout');
  });

  it('honours Retry-After on 429 in seconds and as a date', () => {
    const e = errorFromResponse(429, '{"message":"Too Many Requests"}', '3');
    assert.equal(e.kind, 'throttled');
    assert.equal(e.options.retryAfterMs, 3000);
    assert.match(e.message, /3 s/);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(errorFromResponse(429, '').options.retryAfterMs, undefined);
  });

  it('summarizes an HTML error page by its title', () => {
    const e = errorFromResponse(502, '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>');
    assert.match(e.message, /502 Bad Gateway/);
    assert.doesNotMatch(e.message, /<h1>/);
  });

  it('maps network error codes, also nested in causes', () => {
    assert.equal(errorFromException(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).kind, 'network');
    assert.match(errorFromException(Object.assign(new Error('x'), { code: 'ENOTFOUND' })).message, /could not be resolved/);
    const nested = new Error('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    assert.equal(errorFromException(nested).code, 'ECONNRESET');
    assert.match(errorFromException(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' })).message, /secure connection/);
    assert.equal(errorFromException(Object.assign(new Error('x'), { code: 'UND_ERR_BODY_TIMEOUT' })).code, 'IdleTimeout');
    assert.equal(errorFromException(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).code, 'FirstByteTimeout');
  });

  it('reports an abort as stopped, whatever the underlying error', () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(errorFromException(Object.assign(new Error('x'), { code: 'ECONNRESET' }), controller.signal).kind, 'aborted');
  });
});
