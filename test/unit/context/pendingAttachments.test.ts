import * as assert from 'node:assert/strict';
import type { Attachment } from '../../../src/chat/attachment';
import { fileAttachment, selectionAttachmentOf } from '../../../src/context/buildAttachment';
import { PendingAttachments } from '../../../src/context/pendingAttachments';
import type { AttachmentInfo, AttachmentSource } from '../../../src/protocol/webview';

const source = (name: string, text = `// ${name}\n`) => ({ uri: `file:///ws/${name}`, relativePath: name, languageId: 'typescript', text });

/** PendingAttachments over a fake collector that returns what a source is given here, and records what it was asked for. */
function pending(results: Partial<Record<AttachmentSource | 'pick', Attachment[]>>) {
  const asked: (AttachmentSource | undefined)[] = [];
  const chips = new PendingAttachments(async (s) => {
    asked.push(s);
    return results[s ?? 'pick'] ?? [];
  });
  const changes: AttachmentInfo[][] = [];
  chips.onDidChange((list) => changes.push(list));
  return { chips, asked, changes };
}

describe('PendingAttachments', () => {
  it('add(source) adds what the source yields and tells listeners; add() lets the user pick', async () => {
    const a = fileAttachment(source('a.ts'));
    const b = fileAttachment(source('b.ts'));
    const { chips, asked, changes } = pending({ activeFile: [a], pick: [b] });
    const added = await chips.add('activeFile');
    assert.deepEqual(added, [a.info]);
    await chips.add();
    assert.deepEqual(asked, ['activeFile', undefined]);
    assert.deepEqual(chips.list(), [a.info, b.info]);
    assert.deepEqual(changes, [[a.info], [a.info, b.info]]);
  });

  it('a source that yields nothing (refused, cancelled) changes nothing', async () => {
    const { chips, changes } = pending({});
    assert.deepEqual(await chips.add('workspaceFile'), []);
    assert.deepEqual(chips.list(), []);
    assert.equal(changes.length, 0);
  });

  it('take(ids) removes and returns only those chips, in the order they were added', async () => {
    const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((n) => fileAttachment(source(n)));
    const { chips, changes } = pending({ openEditors: [a, b, c] });
    await chips.add('openEditors');
    const taken = chips.take([c.info.id, a.info.id, 'unknown']);
    assert.deepEqual(taken, [a, c], 'the content comes with them');
    assert.deepEqual(chips.list(), [b.info]);
    assert.deepEqual(changes.at(-1), [b.info]);
    const count = changes.length;
    assert.deepEqual(chips.take(['unknown']), []);
    assert.equal(changes.length, count, 'taking nothing does not fire');
  });

  it('remove(id) drops one chip; an unknown id is ignored', () => {
    const { chips, changes } = pending({});
    const a = fileAttachment(source('a.ts'));
    chips.addAttachment(a);
    chips.remove('nope');
    assert.equal(changes.length, 1);
    chips.remove(a.info.id);
    assert.deepEqual(chips.list(), []);
    assert.deepEqual(changes.at(-1), []);
  });

  it('attaching the same file or selection again replaces its chip in place', () => {
    const { chips } = pending({});
    const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    chips.addAttachment(fileAttachment(source('a.ts', 'old')));
    chips.addAttachment(selectionAttachmentOf(source('a.ts', 'sel'), range));
    const newer = fileAttachment(source('a.ts', 'new text'));
    chips.addAttachment(newer);
    const list = chips.list();
    assert.equal(list.length, 2);
    assert.equal(list[0], newer.info, 'same place, new content');
    assert.equal(list[1].kind, 'selection');
    assert.deepEqual(chips.take([newer.info.id]).map((x) => x.content), ['new text']);
  });

  it('clear() removes every chip', () => {
    const { chips, changes } = pending({});
    chips.clear();
    assert.equal(changes.length, 0, 'nothing to clear: no event');
    chips.addAttachment(fileAttachment(source('a.ts')));
    chips.clear();
    assert.deepEqual(chips.list(), []);
    assert.deepEqual(changes.at(-1), []);
  });
});
