import * as assert from 'node:assert/strict';
import { HistoryStore, type StoredTurn } from '../../../src/chat/history';
import { ChatSession } from '../../../src/chat/session';
import type { AnswerSource } from '../../../src/transport/streamAnswer';
import type { ChatRequest } from '../../../src/protocol/wire';
import { MemoryStore } from '../../support/memoryStore';

const KEY = 'askBedrock.history.v1';
const silentLog = { info: () => undefined, error: () => undefined };

function turn(id: string, answer = `answer ${id}`): StoredTurn {
  return { id, prompt: `question ${id}`, content: `question ${id}`, answer, status: 'done' };
}

describe('chat/HistoryStore', () => {
  it('skips one answer over the size limit and keeps the turns before and after it', async () => {
    const store = new MemoryStore();
    const huge = turn('huge', 'x'.repeat(2_000_001));
    await new HistoryStore(store).save([turn('1'), turn('2'), huge, turn('4')]);
    assert.deepEqual(new HistoryStore(store).load().map((t) => t.id), ['1', '2', '4']);
  });

  it('skips the newest answer when it alone is over the limit, keeping everything older', async () => {
    const store = new MemoryStore();
    await new HistoryStore(store).save([turn('1'), turn('2'), turn('huge', 'y'.repeat(2_500_000))]);
    assert.deepEqual(store.get<StoredTurn[]>(KEY)?.map((t) => t.id), ['1', '2']);
  });

  it('keeps the newest turns first: a turn that no longer fits is skipped, older ones that fit stay', async () => {
    const store = new MemoryStore();
    const big = (id: string) => turn(id, 'z'.repeat(900_000));
    await new HistoryStore(store).save([turn('old'), big('a'), big('b'), big('c')]);
    assert.deepEqual(new HistoryStore(store).load().map((t) => t.id), ['old', 'b', 'c']);
  });

  it('keeps the selected code out of saved history when saveCodeContext is off, and in it when on', async () => {
    const secret = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    let saveCode = false;
    const store = new MemoryStore();
    const requests: ChatRequest[] = [];
    const answer: AnswerSource = async function* (request) {
      requests.push(request);
      yield { type: 'delta', text: 'It sets a key.' };
      yield { type: 'end', stopReason: 'end_turn' };
    };
    const session = new ChatSession({
      answer,
      history: new HistoryStore(store, { saveCodeContext: () => saveCode }),
      settings: () => ({}),
      log: silentLog,
    });
    await session.ask('What does this do?', { code: secret, fileName: '.env', languageId: 'dotenv', startLine: 1, endLine: 1 });

    const saved = store.get<StoredTurn[]>(KEY);
    assert.equal(saved?.length, 1);
    assert.equal(saved[0].content, 'What does this do?', 'the question is saved without the code');
    assert.ok(!JSON.stringify(store.get(KEY)).includes('wJalrXUtnFEMI'), 'no trace of the code in storage');
    assert.deepEqual(saved[0].context, { fileName: '.env', languageId: 'dotenv', startLine: 1, endLine: 1 }, 'where it came from is kept');
    assert.equal(saved[0].answer, 'It sets a key.');

    await session.ask('And now?');
    assert.ok(String(requests[1].messages?.[0].content).includes(secret), 'the session itself still sends the code with later questions');

    saveCode = true;
    await session.ask('Once more');
    assert.ok(JSON.stringify(store.get(KEY)).includes('wJalrXUtnFEMI'), 'with the setting on, the code is saved as before');
  });
});
