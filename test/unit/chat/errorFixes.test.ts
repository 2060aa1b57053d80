import * as assert from 'node:assert/strict';
import { guardrailFailure, transportFailure } from '../../../src/chat/errorFixes';
import { errorFromResponse, TransportError } from '../../../src/transport/errors';

describe('chat/errorFixes', () => {
  it('expired or missing SSO credentials: copy the exact login command the message names', () => {
    const failure = transportFailure(new TransportError('credentials', 'Your AWS SSO session has expired or is missing. Run `aws sso login --profile team-dev` and try again.'));
    assert.deepEqual(failure.fix, { kind: 'copyCommand', command: 'aws sso login --profile team-dev' });
    assert.deepEqual(failure.error.action, { label: 'Copy "aws sso login --profile team-dev"' });
    assert.equal(failure.error.retryable, true, 'Retry stays once logged in');
    assert.deepEqual(transportFailure(new TransportError('credentials', 'Could not load AWS credentials.')).fix, { kind: 'copyCommand', command: 'aws sso login' });
  });

  it("a 401/403 from the endpoint's API points at the auth setting; Bedrock's own access denial does not", () => {
    for (const response of [errorFromResponse(403, '{"message":"Forbidden"}'), errorFromResponse(401, '{"message":"Unauthorized"}'), errorFromResponse(403, '{"message":"Missing Authentication Token"}')]) {
      const failure = transportFailure(response);
      assert.deepEqual(failure.fix, { kind: 'openSetting', setting: 'askBedrock.auth' }, response.message);
      assert.equal(failure.error.message, response.message);
      assert.deepEqual(failure.error.action, { label: 'Open auth setting' });
    }
    const bedrock = transportFailure(errorFromResponse(403, '{"error":{"code":"AccessDeniedException","message":"Bedrock denied access to this model."}}'));
    assert.equal(bedrock.fix, undefined);
    assert.equal(bedrock.error.action, undefined);
  });

  it('a missing endpoint offers Configure Endpoint and is not retryable as it is; other failures have no action', () => {
    const config = transportFailure(new TransportError('config', 'No endpoint is configured.'));
    assert.deepEqual(config.fix, { kind: 'configureEndpoint' });
    assert.deepEqual(config.error, { message: 'No endpoint is configured.', retryable: false, action: { label: 'Configure Endpoint' } });
    assert.deepEqual(transportFailure(new TransportError('throttled', 'Too many requests.', { retryable: true })), { error: { message: 'Too many requests.', retryable: true } });
  });

  it('a guardrail stop names its policies, or says it without them', () => {
    assert.equal(guardrailFailure(['content:VIOLENCE']).error.message, "Stopped by the endpoint's guardrail (policies: content:VIOLENCE). The text so far is kept.");
    assert.equal(guardrailFailure([]).error.message, "Stopped by the endpoint's guardrail. The text so far is kept.");
  });
});
