import * as assert from 'node:assert/strict';
import { linkConsent, MAX_SHOWN_HOST, MAX_SHOWN_RECIPIENTS, MAX_SHOWN_URL } from '../../../../src/ui/chatView/linkConsent';

describe('ui/linkConsent', () => {
  it('asks with the host first and alone, and the whole address in the detail', () => {
    const consent = linkConsent('https://docs.aws.amazon.com/bedrock/latest/userguide/what-is-bedrock.html');
    assert.deepEqual(consent, {
      action: 'confirm',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/what-is-bedrock.html',
      message: 'Open docs.aws.amazon.com?',
      detail: 'https://docs.aws.amazon.com/bedrock/latest/userguide/what-is-bedrock.html\n\nLinks in answers come from the model. Open only links you trust.',
    });
    const local = linkConsent('http://127.0.0.1:8080/x');
    assert.ok(local.action === 'confirm' && local.message === 'Open 127.0.0.1:8080?');
  });

  it('refuses addresses with a user name or password in front of the host', () => {
    for (const href of [
      'https://docs.aws.amazon.com%2fbedrock%2fuserguide@evil.example/',
      'https://docs.aws.amazon.com:443@evil.example/path',
      'https://user:pass@evil.example/',
      'http://:secret@evil.example/',
    ]) {
      const consent = linkConsent(href);
      assert.equal(consent.action, 'refuse', href);
      assert.ok(consent.action === 'refuse' && consent.message === 'Link to evil.example not opened', href);
    }
  });

  it('shows and opens the normalized URL: non-ASCII hosts as punycode, no raw spaces or bidi controls', () => {
    const consent = linkConsent('https://аws.amazon.com/a b/\u202Egnp.exe');
    assert.equal(consent.action, 'confirm');
    if (consent.action !== 'confirm') return;
    assert.match(consent.message, /^Open xn--[a-z0-9-]+\.amazon\.com\?$/);
    assert.match(consent.url, /^https:\/\/xn--[a-z0-9-]+\.amazon\.com\/a%20b\/%E2%80%AEgnp\.exe$/);
    assert.ok(consent.detail.startsWith(consent.url));
  });

  it('cuts the middle of a long address and keeps the end of a long host', () => {
    const long = `https://evil.example/${'a'.repeat(500)}/end-of-path`;
    const consent = linkConsent(long);
    assert.ok(consent.action === 'confirm');
    const shown = consent.detail.split('\n')[0]!;
    assert.ok(shown.length <= MAX_SHOWN_URL, `${shown.length}`);
    assert.match(shown, /^https:\/\/evil\.example\/a+…a+\/end-of-path$/);
    assert.equal(consent.url, long, 'the whole address is opened');

    const host = `${'docs.aws.amazon.com.'.repeat(6)}evil.example`;
    const hostConsent = linkConsent(`https://${host}/`);
    assert.ok(hostConsent.action === 'confirm');
    assert.ok(hostConsent.message.length <= MAX_SHOWN_HOST + 'Open ?'.length);
    assert.match(hostConsent.message, /^Open …[\w.]*\.evil\.example\?$/);
  });

  it('keeps markdown links and codicons in an address inert', () => {
    const consent = linkConsent('https://evil.example/[Sign in](command:workbench.action.terminal.new)$(alert)');
    assert.ok(consent.action === 'confirm');
    assert.doesNotMatch(consent.detail, /\]\(|\$\(/);
  });

  it('asks before writing an email, naming the recipient', () => {
    const consent = linkConsent('mailto:team@example.com?subject=Hi');
    assert.ok(consent.action === 'confirm');
    assert.equal(consent.message, 'Write an email to team@example.com?');
    assert.equal(consent.url, 'mailto:team@example.com?subject=Hi');
  });

  it('names every recipient of an email: the path and the to, cc and bcc fields, inert and cut', () => {
    const message = (href: string) => {
      const consent = linkConsent(href);
      assert.ok(consent.action === 'confirm', href);
      return consent.message;
    };
    assert.equal(message('mailto:?to=x@evil.example'), 'Write an email to x@evil.example?');
    assert.equal(
      message('mailto:team@example.com,ops@example.com?subject=Hi&CC=boss@example.com&bcc=spy%40evil.example&body=to=no@example.com'),
      'Write an email to team@example.com, ops@example.com, boss@example.com, spy@evil.example?',
    );
    assert.equal(message('mailto:a+tag@example.com?to=b%2Cc@example.com'), 'Write an email to a+tag@example.com, b, c@example.com?', '+ stays a plus; %2C separates');
    assert.equal(message('mailto:?subject=Hi'), 'Write an email?');
    const tricky = message('mailto:?to=%5BSign%20in%5D(command:x)%0A%E2%80%AEx@evil.example');
    assert.doesNotMatch(tricky, /\]\(|\n|\u202E/);
    const many = message(`mailto:?to=${Array.from({ length: 40 }, (_, i) => `user${i}@example.com`).join(',')}&bcc=last@evil.example`);
    assert.ok(many.length <= MAX_SHOWN_RECIPIENTS + 'Write an email to ?'.length, `${many.length}`);
    assert.match(many, /^Write an email to user0@example\.com, .*….* last@evil\.example\?$/);
  });

  it('ignores anything but absolute http(s) and mailto URLs', () => {
    for (const href of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://x', 'data:text/html,x', '/relative', '', 'not a url']) {
      assert.deepEqual(linkConsent(href), { action: 'ignore' }, href);
    }
  });
});
