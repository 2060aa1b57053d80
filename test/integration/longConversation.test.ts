import * as assert from 'node:assert/strict';
import * as diagnostics from 'node:diagnostics_channel';
import * as vscode from 'vscode';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/protocol/wire';
import type { Turn } from '../../src/protocol/webview';
import { activateExtension, useLocalStack, type LocalStack } from './helpers';

const TURNS = 15;
const ANSWER_BYTES = 30_000;

/** A distinct answer of ANSWER_BYTES UTF-8 bytes, Japanese and ASCII mixed (users write Japanese). */
function longAnswer(turn: number): string {
  const head = `Answer ${turn}:\n`;
  const line = '日本語の説明 and some code: const x = 1;\n'; // 48 bytes
  let text = head + line.repeat(Math.floor((ANSWER_BYTES - head.length) / Buffer.byteLength(line)));
  text += 'x'.repeat(ANSWER_BYTES - Buffer.byteLength(text));
  return text;
}

/** The text in deltas of about a kilobyte, as a fast model streams it. */
function pieces(text: string): string[] {
  return text.match(/[^]{1,1000}/gu) ?? [];
}

suite('Ask Bedrock → a long conversation (local stack, real SDK)', function () {
  this.timeout(300_000);
  let stack: LocalStack;
  const handlerLog: string[] = [];
  /** The body size of every request the extension's HTTP client sent to the stack, observed on undici's own channel. */
  const bodyBytes: number[] = [];
  const onRequest = (message: unknown) => {
    const request = (message as { request: { origin?: unknown; path?: string; method?: string; body?: unknown } }).request;
    if (request.method !== 'POST' || new URL(String(request.origin)).origin !== new URL(stack.endpoint).origin) return;
    const body = request.body;
    bodyBytes.push(typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : NaN);
  };

  suiteSetup(async () => {
    stack = await useLocalStack({ log: (line) => handlerLog.push(line) });
    diagnostics.subscribe('undici:request:create', onRequest);
    await vscode.commands.executeCommand('askBedrock.newChat');
  });
  suiteTeardown(async () => {
    diagnostics.unsubscribe('undici:request:create', onRequest);
    await vscode.commands.executeCommand('askBedrock.newChat');
    await stack?.close();
  });

  test(`${TURNS} questions with 30 KB answers: every request fits the 256 KiB body limit and every answer arrives whole`, async () => {
    const api = await activateExtension();
    for (let i = 1; i <= TURNS; i++) {
      const answer = longAnswer(i);
      stack.fake!.enqueue({ pieces: pieces(answer) });
      const turn = await vscode.commands.executeCommand<Turn>('askBedrock.ask', `質問 ${i}: explain it at length`);
      assert.equal(turn.status, 'done', `answer ${i} failed: ${turn.error?.message}`);
      assert.equal(turn.answer, answer, `answer ${i} arrived whole`);
    }

    assert.equal(bodyBytes.length, TURNS, 'one request per question');
    for (const [i, bytes] of bodyBytes.entries()) {
      assert.ok(bytes <= DEFAULT_MAX_BODY_BYTES, `request ${i + 1} is ${bytes} bytes, over ${DEFAULT_MAX_BODY_BYTES}`);
    }
    assert.ok(Math.max(...bodyBytes) > DEFAULT_MAX_BODY_BYTES - 2 * ANSWER_BYTES, `the history still fills the body (largest ${Math.max(...bodyBytes)} bytes)`);
    assert.ok(!handlerLog.some((line) => /"status":413/.test(line)), 'the endpoint never answered 413');

    const omitted = api.session.turns.slice(-TURNS).map((t) => t.omitted?.count ?? 0);
    assert.deepEqual(omitted.slice(0, 8), [0, 0, 0, 0, 0, 0, 0, 0], 'nothing is left out while the conversation fits');
    const last = stack.fake!.requests.at(-1)!.body.messages!;
    const sentAlong = (last.length - 1) / 2;
    assert.equal(last.at(-1)?.content[0]?.text, `質問 ${TURNS}: explain it at length`, 'the new question reached the model');
    assert.ok(sentAlong >= 7, `the newest earlier turns went along (${sentAlong} of them)`);
    assert.equal(omitted[TURNS - 1], TURNS - 1 - sentAlong, `the last turn says how many were left out (${omitted.join(',')})`);
  });
});
