/**
 * Runs inside a real VS Code extension host (started by test/bench/editorBench.ts): the time to
 * the first text part of an answer asked through vscode.lm (selectChatModels → sendRequest →
 * VS Code → our provider → the one transport → the local stack), against `curl --no-buffer`
 * sending the same wire request to the same endpoint from this process, alternately.
 * Writes its raw measurements to $ASK_BEDROCK_BENCH_LM_OUT for the bench table.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { readSettings, SECTION } from '../../../src/config/settings';
import { LM_VENDOR } from '../../../src/lm/languageModelProvider';
import { toWireRequest } from '../../../src/lm/toWireRequest';
import { waitFor } from '../../support/waitFor';
import { curlStream } from '../curlStream';

const EXTENSION_ID = 'ask-bedrock.ask-bedrock';
/** A short answer of 20 deltas streamed at once: what is left to time is the path, not the model. */
const PROMPT = '[[fake:deltas=20]] Say something short.';
const ROUNDS = 9;

/** What this suite writes to $ASK_BEDROCK_BENCH_LM_OUT (read by editorBench.ts). */
export interface LmBenchResults {
  /** The model vscode.lm picked (its id). */
  model?: string;
  /** From calling `model.sendRequest` to the first non-empty LanguageModelTextPart. */
  lmFirstTextMs: number[];
  /** From spawning curl to the first `delta` frame on its stdout. */
  curlFirstDeltaMs: number[];
}

/** ms from sendRequest to the first text part; reads the whole answer and checks it has text. */
async function viaLanguageModel(model: vscode.LanguageModelChat): Promise<number> {
  const started = performance.now();
  const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(PROMPT)], {}, new vscode.CancellationTokenSource().token);
  let first = -1;
  let text = '';
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart && part.value) {
      if (first < 0) first = performance.now() - started;
      text += part.value;
    }
  }
  assert.ok(first >= 0 && text.length > 0, 'the answer streamed text parts');
  return first;
}

suite('bench: first text through vscode.lm vs curl', function () {
  this.timeout(300_000);
  const results: LmBenchResults = { lmFirstTextMs: [], curlFirstDeltaMs: [] };

  suiteTeardown(() => {
    const out = process.env.ASK_BEDROCK_BENCH_LM_OUT;
    if (out) writeFileSync(out, JSON.stringify(results));
  });

  test('time to the first text part through vscode.lm vs curl --no-buffer on the same endpoint', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    let models: vscode.LanguageModelChat[] = [];
    await waitFor(async () => (models = await vscode.lm.selectChatModels({ vendor: LM_VENDOR })).length > 0, `no ${LM_VENDOR} models in vscode.lm`, 20_000, 100);
    const model = models[0]!;
    results.model = model.id;
    const settings = readSettings(vscode.workspace.getConfiguration(SECTION), true);
    // The request our provider sends for this model and message, as curl sends it.
    const request = toWireRequest([vscode.LanguageModelChatMessage.User(PROMPT)], {
      protocol: 2,
      modelId: model.id,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
    });
    const endpoint = settings.endpoint;
    const body = JSON.stringify(request);
    // Warm-up: VS Code's first request sets up the provider's side; curl's, the disk cache.
    await viaLanguageModel(model);
    await curlStream(endpoint, body);
    for (let round = 0; round < ROUNDS; round++) {
      results.lmFirstTextMs.push(await viaLanguageModel(model));
      const curl = await curlStream(endpoint, body);
      assert.ok(curl.firstDeltaMs >= 0, 'curl saw a delta frame');
      results.curlFirstDeltaMs.push(curl.firstDeltaMs);
    }
  });
});
