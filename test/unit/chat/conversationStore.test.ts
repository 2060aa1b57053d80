import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { StoredConversation, StoredTurn } from '../../../src/chat/conversation';
import { DirectoryBodies, KeyValueBodies, type ConversationBodies } from '../../../src/chat/conversationBodies';
import { ConversationStore, titleFromQuestion, type ConversationStoreOptions } from '../../../src/chat/conversationStore';
import { ChatSession } from '../../../src/chat/session';
import type { ChatRequest } from '../../../src/protocol/wire';
import type { AnswerSource } from '../../../src/transport/streamAnswer';
import { MemoryStore } from '../../support/memoryStore';

const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function turn(id: string, answer = `answer ${id}`, extra: Partial<StoredTurn> = {}): StoredTurn {
  return { id, prompt: `question ${id}`, content: `question ${id}`, answer, status: 'done', ...extra };
}

/** A store over memory with a clock that ticks once per call, so every save is newer than the last. */
function memoryStore(options: ConversationStoreOptions = {}) {
  const memento = new MemoryStore();
  let time = 1_000;
  let ids = 0;
  const make = (more: ConversationStoreOptions = {}) =>
    new ConversationStore(memento, new KeyValueBodies(memento), { now: () => ++time, newId: () => `c${++ids}`, ...options, ...more });
  return { memento, store: make(), make };
}

function conversationWith(store: ConversationStore, ...turns: StoredTurn[]): StoredConversation {
  return { ...store.create(), turns };
}

describe('chat/ConversationStore', () => {
  it('saves a conversation and loads it back; the list is newest first, titled from the first question', async () => {
    const { store, make } = memoryStore();
    let changes = 0;
    store.onDidChange(() => changes++);
    const first = conversationWith(store, { ...turn('1'), prompt: 'How do I stream\nfrom Lambda?' }, turn('2'));
    await store.save(first);
    const second = conversationWith(store, turn('3'));
    await store.save(second);

    assert.deepEqual(
      store.list().map((c) => [c.id, c.title, c.turnCount]),
      [
        [second.id, 'question 3', 1],
        [first.id, 'How do I stream', 2],
      ],
    );
    assert.equal(changes, 2, 'each save tells the list');
    const reopened = make();
    assert.deepEqual(reopened.load(first.id)?.turns.map((t) => t.id), ['1', '2']);
    assert.equal(reopened.loadActive().id, second.id, 'the last saved one is the active one after a reload');
  });

  it('keeps a new conversation out of the list until it has a turn', async () => {
    const { store } = memoryStore();
    const empty = store.create();
    await store.save(empty);
    assert.deepEqual(store.list(), []);
    assert.equal(store.load(empty.id), undefined);
    assert.notEqual(store.create().id, empty.id);
    assert.equal(store.loadActive().turns.length, 0, 'an empty active chat comes back as a new empty one');
  });

  it('moves the v1 single history into one conversation on first load and removes the v1 key once saved', async () => {
    const { memento, store, make } = memoryStore();
    await memento.update('askBedrock.history.v1', [turn('a'), { ...turn('b'), status: 'streaming' }, { bogus: true }]);
    const active = store.loadActive();
    assert.deepEqual(active.turns.map((t) => [t.id, t.status]), [['a', 'done'], ['b', 'stopped']]);
    assert.equal(active.title, 'question a');
    await store.settled();
    assert.equal(memento.get('askBedrock.history.v1'), undefined, 'the v1 key is gone');
    const reopened = make();
    assert.equal(reopened.loadActive().id, active.id, 'not migrated twice');
    assert.deepEqual(reopened.list().map((c) => c.turnCount), [2]);
  });

  it('keeps the newest 100 turns of a conversation, skipping a turn too big alone but keeping older ones', async () => {
    const { store } = memoryStore();
    const many = Array.from({ length: 120 }, (_, i) => turn(String(i)));
    const c = conversationWith(store, ...many);
    await store.save(c);
    const loaded = store.load(c.id)!.turns;
    assert.equal(loaded.length, 100);
    assert.equal(loaded[0].id, '20');

    const big = (id: string) => turn(id, 'z'.repeat(900_000));
    const d = conversationWith(store, turn('old'), big('a'), turn('huge', 'x'.repeat(2_000_001)), big('b'), big('c'));
    await store.save(d);
    assert.deepEqual(store.load(d.id)!.turns.map((t) => t.id), ['old', 'b', 'c']);
  });

  it('drops the oldest conversations beyond 50, and beyond 20 M characters in all', async () => {
    const { memento, store } = memoryStore();
    const saved: string[] = [];
    for (let i = 0; i < 52; i++) {
      const c = conversationWith(store, turn(`t${i}`));
      saved.push(c.id);
      await store.save(c);
    }
    const listed = store.list().map((c) => c.id);
    assert.equal(listed.length, 50);
    assert.deepEqual(listed.slice(-1), [saved[2]], 'the two oldest gave way');
    assert.equal(memento.get(`askBedrock.conversation.${saved[0]}`), undefined, 'its turns are removed too');

    const { store: sized } = memoryStore({ limits: { maxTotalChars: 5_000 } });
    const a = conversationWith(sized, turn('a', 'x'.repeat(2_000)));
    const b = conversationWith(sized, turn('b', 'x'.repeat(2_000)));
    const c = conversationWith(sized, turn('c', 'x'.repeat(2_000)));
    for (const each of [a, b, c]) await sized.save(each);
    assert.deepEqual(sized.list().map((s) => s.id), [c.id, b.id]);
  });

  it('keeps what was attached out of storage when saveCodeContext is off, and in it when on', async () => {
    let saveCode = false;
    const { memento, store } = memoryStore({ saveCodeContext: () => saveCode });
    const attachments = [{ id: 'x', kind: 'file' as const, label: '.env', bytes: SECRET.length }];
    const asked = turn('1', 'It sets a key.', { prompt: 'What does this do?', content: `What does this do?\n\n\`\`\`\n${SECRET}\n\`\`\``, attachments });
    const c = conversationWith(store, asked);
    await store.save(c);
    const everything = () => JSON.stringify([...memento.data.values()]);
    assert.ok(!everything().includes('wJalrXUtnFEMI'), 'no trace of the attachment in storage');
    const stored = store.load(c.id)!.turns[0];
    assert.equal(stored.content, 'What does this do?');
    assert.deepEqual(stored.attachments, attachments, 'what was attached is still listed');
    assert.ok(c.turns[0].content.includes(SECRET), "the session's own copy keeps the code");

    saveCode = true;
    await store.save(c);
    assert.ok(everything().includes('wJalrXUtnFEMI'), 'with the setting on, it is saved');
  });

  it('scrubCode() (saveCodeContext turned off) re-saves every chat saved earlier without its code, on disk too', async () => {
    let saveCode = true;
    const memento = new MemoryStore();
    const folder = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-scrub-'));
    try {
      const store = new ConversationStore(memento, new DirectoryBodies(folder), { saveCodeContext: () => saveCode });
      const withCode = (id: string) => turn(id, 'It sets a key.', { prompt: `What does ${id} do?`, content: `What does ${id} do?\n\n\`\`\`\n${SECRET}\n\`\`\`` });
      const a = conversationWith(store, withCode('1'), turn('2'));
      const b = conversationWith(store, withCode('3'));
      await store.save(a);
      await store.save(b);
      await store.settled();
      const onDisk = () => readdirSync(folder).map((name) => readFileSync(path.join(folder, name), 'utf8')).join('\n');
      assert.ok(onDisk().includes('wJalrXUtnFEMI'), 'saved with the code while the setting was on');

      saveCode = false;
      await store.scrubCode();
      assert.ok(!onDisk().includes('wJalrXUtnFEMI'), 'no chat on disk keeps the code');
      assert.deepEqual(store.load(a.id)?.turns.map((t) => [t.content, t.answer]), [['What does 1 do?', 'It sets a key.'], ['question 2', 'answer 2']], 'the questions and answers stay');
      assert.equal(store.load(b.id)?.turns[0].content, 'What does 3 do?');
      assert.ok(!JSON.stringify([...memento.data.values()]).includes('wJalrXUtnFEMI'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('followSaveCodeContext(): the setting found off on activation scrubs chats saved while it was on, once; on, nothing is read', async () => {
    let saveCode = true;
    const memento = new MemoryStore();
    const files = new Map<string, string>();
    let reads = 0;
    const bodies = { read: (id: string) => (reads++, files.get(id)), write: async (id: string, json: string) => void files.set(id, json), remove: async (id: string) => void files.delete(id) };
    const store = new ConversationStore(memento, bodies, { saveCodeContext: () => saveCode });
    await store.followSaveCodeContext();
    await store.save(conversationWith(store, turn('1', 'It sets a key.', { prompt: 'What does it do?', content: `What does it do?\n\n\`\`\`\n${SECRET}\n\`\`\`` })));
    await store.settled();
    assert.ok([...files.values()].join().includes('wJalrXUtnFEMI'), 'saved with the code while the setting was on');

    // Turned off while this workspace was closed: a new window's store finds it off.
    saveCode = false;
    const reopened = new ConversationStore(memento, bodies, { saveCodeContext: () => saveCode });
    await reopened.followSaveCodeContext();
    await reopened.settled();
    assert.ok(![...files.values()].join().includes('wJalrXUtnFEMI'), 'the chat saved with code is scrubbed');
    assert.equal(reopened.list().length, 1, 'the chat itself stays');

    reads = 0;
    await new ConversationStore(memento, bodies, { saveCodeContext: () => saveCode }).followSaveCodeContext();
    assert.equal(reads, 0, 'already scrubbed: the next activation reads no chat');
    saveCode = true;
    await reopened.followSaveCodeContext();
    assert.equal(reads, 0, 'turned on: nothing to scrub');
  });

  it('followSaveCodeContext(): turned on again while a scrub runs, or a failed write, leaves the chats marked as holding code', async () => {
    let saveCode = true;
    let failWrites = false;
    const memento = new MemoryStore();
    const files = new Map<string, string>();
    const bodies = {
      read: (id: string) => files.get(id),
      write: async (id: string, json: string) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (failWrites) throw new Error('disk full');
        files.set(id, json);
      },
      remove: async (id: string) => void files.delete(id),
    };
    const store = new ConversationStore(memento, bodies, { saveCodeContext: () => saveCode });
    const withCode = (id: string) => turn(id, 'It sets a key.', { prompt: `What does ${id} do?`, content: `What does ${id} do?\n\n\`\`\`\n${SECRET}\n\`\`\`` });
    await store.save(conversationWith(store, withCode('1')));

    saveCode = false;
    const scrubbing = store.followSaveCodeContext();
    saveCode = true;
    const second = conversationWith(store, withCode('2'));
    await store.save(second);
    await scrubbing;
    await store.settled();
    assert.ok(files.get(second.id)?.includes('wJalrXUtnFEMI'), 'the chat saved after turning it on keeps its code');
    saveCode = false;
    await store.followSaveCodeContext();
    assert.ok(![...files.values()].join().includes('wJalrXUtnFEMI'), 'turned off again: that chat is scrubbed too, not skipped as already clean');

    saveCode = true;
    await store.save(conversationWith(store, withCode('3')));
    await store.settled();
    saveCode = false;
    failWrites = true;
    await store.followSaveCodeContext();
    failWrites = false;
    await store.followSaveCodeContext();
    assert.ok(![...files.values()].join().includes('wJalrXUtnFEMI'), 'a scrub that failed is tried again');
  });

  it('renames and deletes; a later save keeps the new title; deleting the active one leaves no active one', async () => {
    const { store, make } = memoryStore();
    const c = conversationWith(store, turn('1'));
    await store.save(c);
    await store.rename(c.id, '  Streaming\nquestions  ');
    assert.equal(store.list()[0].title, 'Streaming questions');
    c.turns.push(turn('2'));
    await store.save(c);
    assert.equal(make().load(c.id)?.title, 'Streaming questions', "the session's copy without the title does not undo it");

    const other = conversationWith(store, turn('3'));
    await store.save(other);
    await store.delete(other.id);
    assert.deepEqual(store.list().map((s) => s.id), [c.id]);
    assert.equal(store.load(other.id), undefined);
    assert.equal(make().loadActive().turns.length, 0, 'the deleted active conversation is not reopened');
  });

  it('reads a conversation saved a moment ago even before its write finished', async () => {
    const memento = new MemoryStore();
    const files = new Map<string, string>();
    let release: () => void = () => undefined;
    const slow: ConversationBodies = {
      read: (id) => files.get(id),
      write: (id, json) =>
        new Promise((resolve) => {
          release = () => {
            files.set(id, json);
            resolve();
          };
        }),
      remove: async (id) => void files.delete(id),
    };
    const store = new ConversationStore(memento, slow);
    const c = conversationWith(store, turn('1'));
    const saving = store.save(c);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(files.size, 0, 'not written yet');
    assert.deepEqual(store.load(c.id)?.turns.map((t) => t.id), ['1']);
    release();
    await saving;
    assert.ok(files.get(c.id)?.includes('answer 1'));
  });

  it('logs a failed write instead of failing the answer', async () => {
    const errors: string[] = [];
    const failing: ConversationBodies = { read: () => undefined, write: () => Promise.reject(new Error('disk full')), remove: async () => undefined };
    const store = new ConversationStore(new MemoryStore(), failing, { log: { error: (m) => errors.push(m) } });
    await store.save(conversationWith(store, turn('1')));
    assert.match(errors.join('\n'), /disk full/);
  });
});

describe('chat/ConversationStore with the session', () => {
  it('stores the question without the attached file while the session keeps sending it', async () => {
    let saveCode = false;
    const { memento, store } = memoryStore({ saveCodeContext: () => saveCode });
    const requests: ChatRequest[] = [];
    const answer: AnswerSource = async function* (request) {
      requests.push(request);
      yield { type: 'delta', text: 'It sets a key.' };
      yield { type: 'end', stopReason: 'end_turn' };
    };
    const session = new ChatSession({ answer, conversations: store, settings: () => ({}), log: { info: () => undefined, error: () => undefined } });
    const env = { info: { id: 'a1', kind: 'file' as const, label: '.env', bytes: SECRET.length }, content: SECRET, languageId: 'dotenv', uri: 'file:///w/.env' };
    await session.ask('What does this do?', [env]);
    await store.settled();

    const everything = () => JSON.stringify([...memento.data.values()]);
    assert.ok(!everything().includes('wJalrXUtnFEMI'), 'no trace of the file in storage');
    const saved = store.load(session.conversationId)!.turns[0];
    assert.equal(saved.content, 'What does this do?');
    assert.deepEqual(saved.attachments, [env.info], 'what was attached is still listed');

    await session.ask('And now?');
    assert.ok(JSON.stringify(requests[1].messages).includes(SECRET), 'the session still sends the file with later questions');

    saveCode = true;
    await session.ask('Once more');
    await store.settled();
    assert.ok(everything().includes('wJalrXUtnFEMI'), 'with the setting on, it is saved');
  });

  it('switches between two conversations, each with its own turns, across a reload', async () => {
    const { store, make } = memoryStore();
    const answer: AnswerSource = async function* (request) {
      yield { type: 'delta', text: `re: ${String(request.messages?.at(-1)?.content)}` };
      yield { type: 'end', stopReason: 'end_turn' };
    };
    const log = { info: () => undefined, error: () => undefined };
    const session = new ChatSession({ answer, conversations: store, settings: () => ({}), log });
    await session.ask('first chat');
    const first = session.conversationId;
    await session.newChat();
    await session.ask('second chat');
    assert.deepEqual(store.list().map((c) => c.title), ['second chat', 'first chat']);
    await session.open(first);
    assert.deepEqual(session.turns.map((t) => t.prompt), ['first chat']);
    await store.settled();
    const reloaded = new ChatSession({ answer, conversations: make(), settings: () => ({}), log });
    assert.equal(reloaded.conversationId, first, 'the one opened last is shown after a reload');
  });
});

describe('chat/DirectoryBodies', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ask-bedrock-bodies-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps one JSON file per conversation, written whole, and survives a new store', async () => {
    const memento = new MemoryStore();
    const bodies = new DirectoryBodies(path.join(folder, 'conversations'));
    const store = new ConversationStore(memento, bodies);
    const c = { ...store.create(), turns: [turn('1', 'こんにちは')] };
    await store.save(c);
    const names = readdirSync(path.join(folder, 'conversations'));
    assert.deepEqual(names, [`${c.id}.json`], 'no temporary file is left');
    assert.match(readFileSync(path.join(folder, 'conversations', names[0]), 'utf8'), /こんにちは/);
    assert.equal(new ConversationStore(memento, new DirectoryBodies(path.join(folder, 'conversations'))).load(c.id)?.turns[0].answer, 'こんにちは');
    await store.delete(c.id);
    assert.deepEqual(readdirSync(path.join(folder, 'conversations')), []);
  });

  it('removes the temporary files a crash left behind when it is first read', () => {
    const bodies = new DirectoryBodies(folder);
    writeFileSync(path.join(folder, 'c1.json'), '{"turns":[]}');
    writeFileSync(path.join(folder, 'c1.json.12345.tmp'), `{"turns":[{"content":"${SECRET}"}]}`);
    bodies.read('c1');
    assert.deepEqual(readdirSync(folder), ['c1.json']);
  });

  it('never turns an id into a path outside its folder', async () => {
    const bodies = new DirectoryBodies(folder);
    assert.equal(bodies.read('../../etc/passwd'), undefined);
    await assert.rejects(bodies.write('../escape', '{}'), /not a conversation id/);
    assert.deepEqual(readdirSync(folder), []);
  });
});

describe('chat/titleFromQuestion', () => {
  it('takes the first non-empty line, collapsed and cut at 80 characters', () => {
    assert.equal(titleFromQuestion('\n  Why   is it slow?\nmore'), 'Why is it slow?');
    const long = titleFromQuestion('word '.repeat(40));
    assert.ok(long.length <= 80 && long.endsWith('…'), long);
  });
});
