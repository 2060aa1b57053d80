/**
 * Runs inside a real VS Code extension host (started by test/bench/editorBench.ts, after the
 * editor suite): the extension host's heap for a 50-turn, 1 MB conversation (longConversation.ts),
 * asked in the panel through the local stack, then closed (New Chat) and reopened, again and again.
 * Heap is read after full collections; each reading with the conversation shown is compared with
 * the readings with an empty one shown just before and after it.
 * Writes its raw measurements to $ASK_BEDROCK_BENCH_MEMORY_OUT for the bench table.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ChatSession } from '../../../src/chat/session';
import type { AskBedrockTestApi } from '../../../src/extension';
import { settledHeap } from '../../support/settledHeap';
import { longConversation, textBytes, type Exchange } from '../longConversation';

const EXTENSION_ID = 'ask-bedrock.ask-bedrock';
const REOPENINGS = 7;
/** Lets queued writes of the conversation and messages to the webview finish before measuring. */
const QUIET_MS = 1000;

/** What this suite writes to $ASK_BEDROCK_BENCH_MEMORY_OUT (read by editorBench.ts). */
export interface HostMemoryResults {
  turns: number;
  /** UTF-8 bytes of the conversation's questions and answers. */
  textBytes: number;
  /** Heap the conversation just asked in the panel held: what New Chat freed. */
  askedBytes?: number;
  /** Heap each reopening took (opened from the list after New Chat), against the mean of the readings before and after it. */
  reopenedBytes: number[];
  /** Heap with another (empty) conversation shown, after each closing, over the first such reading: growth means a leak. */
  closedBytes: number[];
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

/** Settled heap, read again until two readings agree (other parts of the host settle too). */
async function steadyHeap(): Promise<number> {
  let last = await settledHeap();
  for (let i = 0; i < 4; i++) {
    const next = await settledHeap();
    if (Math.abs(next - last) < 64 * 1024) return next;
    last = next;
  }
  return last;
}

// The checks live in functions of their own: a variable of the test still holding turns would count as the host's memory.

/** Asks every question in the panel and checks each answer arrived whole. */
async function askAll(session: ChatSession, exchanges: readonly Exchange[]): Promise<void> {
  for (const [i, { prompt, answer }] of exchanges.entries()) {
    const turn = await session.ask(prompt);
    assert.equal(turn.status, 'done', `turn ${i + 1}: ${turn.error?.message}`);
    assert.equal(turn.answer.length, answer.length, `turn ${i + 1} got its whole answer`);
  }
}

/** Checks the conversation shown is the long one, every answer whole. */
function checkShown(session: ChatSession, exchanges: readonly Exchange[]): void {
  const turns = session.turns;
  assert.equal(turns.length, exchanges.length);
  assert.ok(
    turns.every((turn, i) => turn.answer === exchanges[i]!.answer),
    'every answer came back whole',
  );
}

suite('bench: extension host memory for a long conversation', function () {
  this.timeout(600_000);
  const exchanges = longConversation();
  const results: HostMemoryResults = { turns: exchanges.length, textBytes: textBytes(exchanges), reopenedBytes: [], closedBytes: [] };

  suiteTeardown(() => {
    const out = process.env.ASK_BEDROCK_BENCH_MEMORY_OUT;
    if (out) writeFileSync(out, JSON.stringify(results));
  });

  test('a 50-turn, 1 MB conversation asked in the panel, then closed and reopened: heap it takes', async () => {
    const api = await vscode.extensions.getExtension<AskBedrockTestApi>(EXTENSION_ID)!.activate();
    const { session } = api;
    await api.chatView.reveal();
    await session.newChat();
    // The runner queued these answers in the fake Bedrock, in this order.
    await askAll(session, exchanges);
    const id = session.conversationId;
    await quiet();
    const asked = await steadyHeap();

    // Readings alternate between closed and shown; each shown one is compared with its neighbours, so slow drift cancels.
    const closed: number[] = [];
    const shown: number[] = [];
    for (let round = 0; round <= REOPENINGS; round++) {
      await session.newChat();
      await quiet();
      closed.push(await steadyHeap());
      if (round === REOPENINGS) break;
      assert.ok(await session.open(id), 'the conversation reopens');
      await quiet();
      shown.push(await steadyHeap());
      checkShown(session, exchanges);
    }
    results.askedBytes = asked - closed[0]!;
    results.reopenedBytes = shown.map((bytes, i) => bytes - (closed[i]! + closed[i + 1]!) / 2);
    results.closedBytes = closed.map((bytes) => bytes - closed[0]!);
  });
});
