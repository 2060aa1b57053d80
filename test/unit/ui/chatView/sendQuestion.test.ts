import * as assert from 'node:assert/strict';
import { KeyValueBodies } from '../../../../src/chat/conversationBodies';
import { ConversationStore } from '../../../../src/chat/conversationStore';
import { ChatSession } from '../../../../src/chat/session';
import { fileAttachment } from '../../../../src/context/buildAttachment';
import { PendingAttachments } from '../../../../src/context/pendingAttachments';
import type { AnswerSource } from '../../../../src/transport/streamAnswer';
import { sendQuestion } from '../../../../src/ui/chatView/sendQuestion';
import { MemoryStore } from '../../../support/memoryStore';

const answer: AnswerSource = async function* () {
  yield { type: 'delta', text: 'ok' };
  yield { type: 'end', stopReason: 'end_turn' };
};

function panel() {
  const memento = new MemoryStore();
  const session = new ChatSession({
    answer,
    conversations: new ConversationStore(memento, new KeyValueBodies(memento)),
    settings: () => ({}),
    log: { info: () => undefined, error: () => undefined },
    limits: { maxBodyBytes: 1024 + 4000, maxMessages: 200 },
  });
  const chips = new PendingAttachments(async () => []);
  return { session, chips };
}

const file = (name: string, text: string) => fileAttachment({ uri: `file:///ws/${name}`, relativePath: name, languageId: 'typescript', text });

describe('ui/chatView/sendQuestion', () => {
  it('a question refused for its size (never sent) gives its chips back; a sent one keeps them taken', async () => {
    const { session, chips } = panel();
    const big = file('big.ts', 'x'.repeat(8000));
    const small = file('small.ts', 'const a = 1;\n');
    chips.addAttachment(small);
    chips.addAttachment(big);
    const refused = await sendQuestion(session, chips, 'Explain', [small.info.id, big.info.id]);
    assert.equal(refused.status, 'error');
    assert.equal(refused.notSent, true);
    assert.deepEqual(chips.list().map((c) => c.label), ['small.ts', 'big.ts'], 'the chips are back to trim');

    chips.remove(big.info.id);
    const sent = await sendQuestion(session, chips, 'Explain', [small.info.id]);
    assert.equal(sent.status, 'done');
    assert.equal(sent.notSent, undefined);
    assert.deepEqual(chips.list(), [], 'sent with the question');
  });
});
