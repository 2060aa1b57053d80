import * as assert from 'node:assert/strict';
import { LOOPBACK_HOSTS } from '../../../src/protocol/wire';
import { checkEndpointUrl, isLoopbackHost } from '../../../src/transport/endpointUrl';

describe('transport/endpointUrl: https anywhere, plain http only on this machine', () => {
  const refusal = (value: string) => {
    const checked = checkEndpointUrl(value);
    return checked.ok ? undefined : checked.reason;
  };

  it('accepts https for any host, and returns the parsed URL', () => {
    const checked = checkEndpointUrl('  https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat ');
    assert.ok(checked.ok);
    assert.equal(checked.url.href, 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat');
    assert.equal(refusal('https://example.com/chat'), undefined);
    assert.equal(refusal('https://10.0.0.5:8443/chat'), undefined);
  });

  it('accepts plain http for localhost, 127.0.0.1 and [::1] in every form the URL parser normalizes', () => {
    for (const url of [
      'http://localhost:8787/chat',
      'http://LOCALHOST:8787/chat',
      'http://127.0.0.1:8787/chat',
      'http://127.1:8787/chat', // → 127.0.0.1
      'http://0x7f.1/chat', // → 127.0.0.1
      'http://2130706433/chat', // → 127.0.0.1
      'http://[::1]:8787/chat',
      'http://[0:0:0:0:0:0:0:1]/chat', // → [::1]
    ]) {
      assert.equal(refusal(url), undefined, url);
    }
  });

  it('refuses plain http to any other host, with a message that says what to do', () => {
    for (const url of [
      'http://example.com/chat',
      'http://abc123.execute-api.us-east-1.amazonaws.com/prod/chat',
      'http://10.0.0.5/chat',
      'http://0.0.0.0/chat',
      'http://128.0.0.1/chat',
      'http://127.0.0.1.nip.io/chat', // a public name that only looks like loopback
      'http://localhost./chat', // resolved by DNS, not the hosts file
      'http://foo.localhost/chat',
      'http://localhost.example.com/chat',
      'http://[::]/chat',
      'http://[::2]/chat',
      'http://[::127.0.0.1]/chat', // IPv4-compatible (deprecated), not mapped
      'http://[::ffff:10.0.0.1]/chat',
      // Loopback too, but not on the proxy bypass list (LOOPBACK_HOSTS): through a proxy they would cross the network.
      'http://127.0.0.2:9/chat',
      'http://127.255.255.254/chat',
      'http://[::ffff:127.0.0.1]/chat', // IPv4-mapped → [::ffff:7f00:1]
    ]) {
      assert.equal(refusal(url), 'insecure', url);
    }
    const checked = checkEndpointUrl('http://example.com/chat');
    assert.ok(!checked.ok);
    assert.match(checked.message, /must use https:\/\//);
    assert.match(checked.message, /example\.com is not one/);
    assert.match(checked.message, /on this machine \(localhost, 127\.0\.0\.1, \[::1\]\)/);
  });

  it('refuses empty values, non-URLs and other schemes, each with its own reason', () => {
    assert.equal(refusal(''), 'empty');
    assert.equal(refusal('   '), 'empty');
    assert.equal(refusal('abc123.execute-api.us-east-1.amazonaws.com/prod/chat'), 'invalid');
    assert.equal(refusal('https://'), 'invalid');
    assert.equal(refusal('ftp://example.com/chat'), 'scheme');
    assert.equal(refusal('file:///etc/passwd'), 'scheme');
    assert.equal(refusal('ws://localhost/chat'), 'scheme');
  });

  it('tells loopback hosts from others by their normalized hostname', () => {
    for (const host of LOOPBACK_HOSTS) assert.equal(isLoopbackHost(host), true, host);
    assert.equal(isLoopbackHost('127.0.0.2'), false);
    assert.equal(isLoopbackHost('[::ffff:7f00:1]'), false);
    assert.equal(isLoopbackHost('[::ffff:7f00:1].evil'), false);
    assert.equal(isLoopbackHost('127.0.0.1.evil'), false);
    assert.equal(isLoopbackHost('x127.0.0.1'), false);
  });
});
