import * as assert from 'node:assert/strict';
import { t, useStrings, useStringsOf } from '../../../../media/chat/strings';
import { WEBVIEW_STRINGS, translateWebviewStrings } from '../../../../src/protocol/webviewStrings';
import { createWindow } from '../../../support/jsdomRenderer';

describe('media/strings', () => {
  afterEach(() => useStrings({}));

  it('is English until the host sends a table, with {n} placeholders filled in order', () => {
    assert.equal(t('send'), 'Send');
    assert.equal(t('removeAttachment', 'a.ts'), 'Remove a.ts');
    assert.equal(t('omittedManyForLimits', 3, 256, 200), "3 earlier turns were left out of this request to fit the endpoint's limits (256 KB, 200 messages).");
  });

  it('uses the table it is given; a missing, empty or non-text entry stays English', () => {
    useStrings({ send: '送信', stop: '', retry: 42, removeAttachment: '{0} を削除' });
    assert.equal(t('send'), '送信');
    assert.equal(t('stop'), 'Stop');
    assert.equal(t('retry'), 'Retry');
    assert.equal(t('removeAttachment', 'a.ts'), 'a.ts を削除');
  });

  it('fills placeholders once: an argument that looks like one stays as it is', () => {
    assert.equal(t('attachmentLabel', '{1}', '2 KB'), '{1}, 2 KB');
    assert.equal(t('statsTokens', 5), '5 in / {1} out tokens', 'a missing argument leaves its placeholder');
  });

  it('reads the table from #app data-strings; broken JSON means English', () => {
    const doc = createWindow().document;
    const app = doc.createElement('div');
    app.setAttribute('data-strings', JSON.stringify({ newChat: '新しいチャット' }));
    useStringsOf(app);
    assert.equal(t('newChat'), '新しいチャット');
    app.setAttribute('data-strings', '{"newChat":');
    useStringsOf(app);
    assert.equal(t('newChat'), 'New chat');
    useStringsOf(doc.createElement('div'));
    assert.equal(t('newChat'), 'New chat');
  });

  it('translateWebviewStrings translates every English text by its English text', () => {
    const seen: string[] = [];
    const table = translateWebviewStrings((english) => {
      seen.push(english);
      return `ja:${english}`;
    });
    assert.deepEqual(seen, Object.values(WEBVIEW_STRINGS));
    assert.equal(table.thoughtFor, 'ja:Thought for {0} s');
    assert.deepEqual(Object.keys(table), Object.keys(WEBVIEW_STRINGS));
  });
});
