import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type * as vscode from 'vscode';
import { t, useStrings, useStringsOf } from '../../../../media/chat/strings';
import { translateWebviewStrings } from '../../../../src/protocol/webviewStrings';
import { renderChatHtml } from '../../../../src/ui/chatView/html';

/** The parts of a webview and a Uri that renderChatHtml uses. */
const webview = { cspSource: 'vscode-resource:', asWebviewUri: (uri: vscode.Uri) => uri } as unknown as vscode.Webview;
const join = (base: vscode.Uri, ...segments: string[]) => [String(base), ...segments].join('/') as unknown as vscode.Uri;
const root = 'dist/webview' as unknown as vscode.Uri;

describe('ui/chatView/html', () => {
  afterEach(() => useStrings({}));

  it('hands the translated texts to the webview on #app, intact whatever they contain, in the page language', () => {
    const hostile = '"></div><script>alert(1)</script> & \'quotes\'';
    const strings = translateWebviewStrings((english) => (english === 'Send' ? '送信' : english === 'Stop' ? hostile : english));
    const html = renderChatHtml(webview, root, join, { language: 'ja', strings });
    const doc = new JSDOM(html).window.document;
    assert.equal(doc.documentElement.lang, 'ja');
    assert.equal(doc.querySelectorAll('script').length, 1, 'no markup escapes the attribute');
    const app = doc.getElementById('app')!;
    assert.deepEqual(JSON.parse(app.getAttribute('data-strings')!), strings);
    useStringsOf(app);
    assert.equal(t('send'), '送信');
    assert.equal(t('stop'), hostile);
    assert.equal(t('retry'), 'Retry');
  });
});
