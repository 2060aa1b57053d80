/**
 * The long conversation the benches reopen and measure: 50 turns of markdown answers of about
 * 20 KB each (1 MB of text), every fifth one with Japanese in it. Shared by the runner (which
 * queues the answers in the fake Bedrock) and the in-host suite (which asks the questions).
 */
import { chunkText, generateAnswer } from './webview/answer';

export const LONG_CONVERSATION_TURNS = 50;
const ANSWER_CHARS = 20_500;
const JAPANESE = '\n\n## 日本語のまとめ\n\nストリーミングの応答は、届いた順に表示されます。長い会話でも、古いターンは必要なときに読み込まれます。\n';

export interface Exchange {
  prompt: string;
  answer: string;
}

/** The conversation's exchanges, the same in every run. */
export function longConversation(): Exchange[] {
  return Array.from({ length: LONG_CONVERSATION_TURNS }, (_, i) => {
    const japanese = i % 5 === 4;
    const answer = generateAnswer(ANSWER_CHARS - (japanese ? JAPANESE.length : 0), 1000 + i) + (japanese ? JAPANESE : '');
    return { prompt: `Question ${i + 1}: how should the handler stream part ${i + 1} of the answer?`, answer };
  });
}

/** An answer in deltas of 2–6 characters, as a model streams it. */
export function answerDeltas(answer: string, turn: number): string[] {
  return chunkText(answer, 7 + turn);
}

/** UTF-8 bytes of the conversation's text: every question and answer. */
export function textBytes(exchanges: readonly Exchange[]): number {
  return exchanges.reduce((sum, e) => sum + Buffer.byteLength(e.prompt) + Buffer.byteLength(e.answer), 0);
}
