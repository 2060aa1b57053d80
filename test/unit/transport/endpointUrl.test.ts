import * as assert from 'node:assert/strict';
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

  it('accepts plain http for loopback in every form the URL parser normalizes', () => {
    for (const url of [
      'http://localhost:8787/chat',
      'http://LOCALHOST:8787/chat',
      'http://127.0.0.1:8787/chat',
      'http://127.1:8787/chat', // → 127.0.0.1
      'http://0x7f.1/chat', // → 127.0.0.1
      'http://2130706433/chat', // → 127.0.0.1
      'http://127.255.255.254/chat',
      'http://[::1]:8787/chat',
      'http://[0:0:0:0:0:0:0:1]/chat', // → [::1]
      'http://[::ffff:127.0.0.1]/chat', // IPv4-mapped → [::ffff:7f00:1]
      'http://[::ffff:127.10.20.30]/chat',
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
    ]) {
      assert.equal(refusal(url), 'insecure', url);
    }
    const checked = checkEndpointUrl('http://example.com/chat');
    assert.ok(!checked.ok);
    assert.match(checked.message, /must use https:\/\//);
    assert.match(checked.message, /example\.com is not one/);
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
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('[::ffff:7f00:1]'), true);
    assert.equal(isLoopbackHost('[::ffff:7f00:1].evil'), false);
    assert.equal(isLoopbackHost('127.0.0.1.evil'), false);
    assert.equal(isLoopbackHost('x127.0.0.1'), false);
  });
});
