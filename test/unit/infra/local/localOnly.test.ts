import * as assert from 'node:assert/strict';
import { boundHostNames, foreignRequestReason } from '../../../../infra/local/localOnly';
import { LOOPBACK_HOSTS } from '../../../../src/protocol/wire';

describe('infra/local localOnly: which requests a local server answers', () => {
  const served = (headers: NodeJS.Dict<string>, extra?: string[]) => foreignRequestReason(headers, 8787, extra) === undefined;

  it('serves loopback Host names on its own port, in any spelling a client may send', () => {
    for (const host of ['127.0.0.1:8787', 'localhost:8787', 'LocalHost:8787', '[::1]:8787', '[0:0:0:0:0:0:0:1]:8787', '127.1:8787']) {
      assert.ok(served({ host }), host);
    }
    assert.ok(served({ ':authority': '127.0.0.1:8787' }), 'HTTP/2 carries the host in :authority');
    assert.ok(foreignRequestReason({ host: 'localhost' }, 80) === undefined, 'no port in Host means 80');
  });

  it('answers the loopback names the extension shares (LOOPBACK_HOSTS in src/protocol/wire.ts), and names them when refusing', () => {
    for (const name of LOOPBACK_HOSTS) assert.ok(served({ host: `${name}:8787` }), name);
    assert.match(foreignRequestReason({ host: 'evil.example:8787' }, 8787) ?? '', new RegExp(`addressed to ${LOOPBACK_HOSTS.join(', ').replace(/[.[\]]/g, '\\$&')} on port 8787`));
  });

  it('refuses other names and ports, malformed or missing Hosts, and any Origin', () => {
    for (const host of ['evil.example:8787', 'localhost.evil.example:8787', 'localhost.:8787', '127.0.0.2:8787', '127.0.0.1:8788', '127.0.0.1', 'user@127.0.0.1:8787', '127.0.0.1:8787/x', '0.0.0.0:8787']) {
      assert.equal(served({ host }), false, host);
    }
    assert.equal(served({}), false, 'no Host at all');
    assert.match(foreignRequestReason({ host: 'x'.repeat(500) }, 8787) ?? '', /Host "x{100}…"\)/, 'a long Host is shortened in the message');
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:8787']) {
      assert.match(foreignRequestReason({ host: '127.0.0.1:8787', origin }, 8787) ?? '', /does not answer requests from web pages/, origin);
    }
  });

  it('adds the address it was told to listen on (so its printed URL works), never a loopback duplicate', () => {
    assert.deepEqual(boundHostNames(undefined), []);
    assert.deepEqual(boundHostNames('127.0.0.1'), []);
    assert.deepEqual(boundHostNames('::1'), []);
    assert.deepEqual(boundHostNames('0.0.0.0'), ['0.0.0.0']);
    assert.deepEqual(boundHostNames('::'), ['[::]']);
    assert.deepEqual(boundHostNames('192.168.1.5'), ['192.168.1.5']);
    assert.deepEqual(boundHostNames('Dev.Box.lan'), ['dev.box.lan']);
    assert.ok(served({ host: '192.168.1.5:8787' }, boundHostNames('192.168.1.5')));
    assert.ok(served({ host: 'dev.box.lan:8787' }, boundHostNames('dev.box.lan')));
    assert.equal(served({ host: '192.168.1.6:8787' }, boundHostNames('192.168.1.5')), false);
    // Headers only, by design (infra/README.md): behind a wildcard --host, a container's port forward
    // connects from a non-loopback address with a loopback Host, and so can anyone else who reaches it.
    assert.ok(served({ host: '127.0.0.1:8787' }, boundHostNames('0.0.0.0')));
  });
});
