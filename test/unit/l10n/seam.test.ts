import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as M from '../../../src/doctor/messages';
import { errorFromResponse } from '../../../src/transport/errors';
import { formatMessage, t, useTranslator } from '../../../src/util/l10n';
import { bundlePath } from '../../../tools/l10nBundle';

describe('l10n seam (src/util/l10n.ts)', () => {
  it('formats English like vscode.l10n.t without a bundle: {n} takes the nth argument, a placeholder without one stays', () => {
    assert.equal(formatMessage('{0} of {1}, {0} again', 'a', 2), 'a of 2, a again');
    assert.equal(formatMessage('only {0} and {1}', true), 'only true and {1}');
    assert.equal(t('No endpoint is configured.'), 'No endpoint is configured.');
  });

  it('goes through the translator activation sets, and back to English when it is disposed', () => {
    const restore = useTranslator((message, ...args) => `ja:${formatMessage(message, ...args)}`);
    try {
      assert.equal(t('Open {0}?', 'example.com'), 'ja:Open example.com?');
    } finally {
      restore();
    }
    assert.equal(t('Open {0}?', 'example.com'), 'Open example.com?');
  });

  it('modules loaded before activation speak the display language once the seam points at it (texts are read when shown)', () => {
    const ja = JSON.parse(readFileSync(bundlePath('ja'), 'utf8')) as Record<string, string>;
    const restore = useTranslator((message, ...args) => formatMessage(ja[message] ?? message, ...args));
    try {
      assert.equal(M.titles.urlShape, 'URL の形式');
      assert.equal(M.report.fix(M.titles.auth, 'x'), '「認証」の修正方法: x');
      // The endpoint's own words stay as sent; only our sentence around them is translated.
      assert.equal(errorFromResponse(404, '{"message":"No route"}').message, 'エンドポイントが 404 Not Found を返しました (No route)。askBedrock.endpoint がステージとリソースを含む完全な URL であることを確認してください (例: https://abc123.execute-api.us-east-1.amazonaws.com/prod/chat)。');
    } finally {
      restore();
    }
    assert.equal(M.titles.urlShape, 'URL shape');
  });
});
