import type { Attachment } from '../../chat/attachment';
import type { Turn } from '../../protocol/webview';

/** What sendQuestion needs of the session (ChatSession). */
export interface QuestionSession {
  ask(question: string, attachments: readonly Attachment[]): Promise<Turn>;
}

/** What sendQuestion needs of the chips (PendingAttachments). */
export interface QuestionChips {
  take(ids: readonly string[]): Attachment[];
  addAttachment(attachment: Attachment): void;
}

/**
 * The panel's Send: asks `prompt` with the chips that were shown (`ids`). A question refused
 * before it was sent (too large) gets its chips back, so the user can remove one and send again.
 */
export async function sendQuestion(session: QuestionSession, chips: QuestionChips, prompt: string, ids: readonly string[]): Promise<Turn> {
  const taken = chips.take(ids);
  const turn = await session.ask(prompt, taken);
  if (turn.notSent) for (const attachment of taken) chips.addAttachment(attachment);
  return turn;
}
