import * as assert from 'node:assert/strict';
import { describeInsertContext } from '../../../src/chat/prompt';
import { insertionTitle } from '../../../src/editor/insertionTitle';

describe('editor/insertionTitle', () => {
  it('names the file and the lines that were sent', () => {
    const before = Array.from({ length: 40 }, (_, i) => `const v${i} = ${i};`).join('\n') + '\n';
    const sent = describeInsertContext({ fileName: 'src/app.ts', languageId: 'typescript', selection: '', before, startLine: 52 });
    assert.equal(insertionTitle(sent), 'Ask Bedrock: inserting answer… (sent src/app.ts lines 12-51)');
  });

  it('says nothing about code when none was sent', () => {
    assert.equal(insertionTitle(undefined), 'Ask Bedrock: inserting answer…');
  });

  it('shows a hostile file name as plain text: no command link, no icon, one line', () => {
    const sent = describeInsertContext({ fileName: '[Sign in again](command:workbench.action.terminal.new)$(alert)\nx.ts', languageId: 'typescript', selection: 'x', before: '', startLine: 3 });
    const title = insertionTitle(sent);
    assert.doesNotMatch(title, /\]\(|\$\(|\n/);
    assert.match(title, /\(sent \[Sign in again\] \(command:workbench\.action\.terminal\.new\)\$ \(alert\) x\.ts line 3\)$/);
  });
});
