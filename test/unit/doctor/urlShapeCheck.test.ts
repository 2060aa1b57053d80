import * as assert from 'node:assert/strict';
import { DoctorContext } from '../../../src/doctor/context';
import type { DoctorSettings } from '../../../src/doctor/context';
import { urlShapeCheck } from '../../../src/doctor/urlShapeCheck';
import { doctorDeps } from './doctorDeps';

const run = (endpoint: string, settings: Partial<DoctorSettings> = {}) => {
  const context = new DoctorContext(doctorDeps(endpoint, settings));
  return urlShapeCheck.run(context, new AbortController().signal).then((result) => ({ result, url: context.url }));
};

describe('doctor/urlShapeCheck: the endpoint URL', () => {
  it('an API Gateway URL with stage and resource passes and names the API, region and stage', async () => {
    const { result, url } = await run('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/chat');
    assert.equal(result.status, 'pass');
    assert.match(result.detail, /abc123 in eu-west-1, stage "prod", resource \/chat/);
    assert.equal(url?.hostname, 'abc123.execute-api.eu-west-1.amazonaws.com');
  });

  it('an API Gateway URL without a stage, or with only one path segment, fails with the fix', async () => {
    const bare = (await run('https://abc123.execute-api.eu-west-1.amazonaws.com/')).result;
    assert.equal(bare.status, 'fail');
    assert.match(bare.detail, /no stage/);
    assert.match(bare.fix ?? '', /\/prod\/chat/);
    const one = (await run('https://abc123.execute-api.eu-west-1.amazonaws.com/chat')).result;
    assert.equal(one.status, 'fail');
    assert.match(one.detail, /one path segment \(\/chat\)/);
  });

  it('the transport\'s rule applies: empty, not a URL, plain http to another host', async () => {
    for (const endpoint of ['', 'not a url', 'http://abc123.execute-api.eu-west-1.amazonaws.com/prod/chat']) {
      const { result, url } = await run(endpoint);
      assert.equal(result.status, 'fail', endpoint);
      assert.match(result.fix ?? '', /Configure Endpoint/);
      assert.equal(url, undefined);
    }
  });

  it('a custom domain and this machine pass as they are', async () => {
    assert.match((await run('https://ai.example.com/chat')).result.detail, /custom domain ai\.example\.com/);
    assert.match((await run('http://127.0.0.1:8787/chat')).result.detail, /this machine/);
  });

  it('with IAM auth, a region setting other than the URL\'s fails (the signature would be for the wrong region)', async () => {
    const { result } = await run('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/chat', { auth: 'iam', awsRegion: 'us-east-1' });
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /us-east-1.*eu-west-1/);
    assert.equal((await run('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/chat', { auth: 'iam', awsRegion: 'eu-west-1' })).result.status, 'pass');
  });
});
