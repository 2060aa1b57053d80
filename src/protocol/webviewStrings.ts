/**
 * Every text the chat webview shows or reads out (labels, buttons, placeholders, aria text,
 * tooltips, notes), in English, with `{0}` placeholders in vscode.l10n.t's syntax. The host
 * translates the values (the English text is the l10n key) and hands the table to the webview;
 * the webview never holds a second set of strings. No imports: this file is bundled into the browser too.
 */
export const WEBVIEW_STRINGS = {
  // Transcript
  conversation: 'Conversation',
  questionAndAnswer: 'Question and answer',
  stopped: 'Stopped.',
  /** Read out once when an answer has finished streaming: its first words. */
  answerComplete: 'Answer complete: {0}',
  answerFailed: 'The answer failed.',
  retry: 'Retry',
  continue: 'Continue',
  lengthLimitReached: 'The answer reached its length limit.',
  stoppedEarly: 'The answer stopped early.',
  sentWithQuestion: 'Sent with the question',
  imageAlt: 'image',
  imageNotLoaded: 'Image not loaded: {0}',
  linkRemoved: 'Link removed (only http, https and mailto links are kept)',
  // Empty state
  emptyText: 'Ask a question about your code: explain a function, find a bug, write a test, or draft a regex.',
  emptyHintAsk: 'in the editor asks about the selected code',
  emptyHintEnter: 'sends · Shift+Enter adds a new line',
  emptyHintEsc: 'stops an answer',
  // Header
  newChat: 'New chat',
  showChats: 'Show chats',
  conversationCost: 'Conversation cost {0}',
  conversationCostTitle: 'Cost of this conversation so far (USD, from the endpoint’s prices)',
  // Composer and attachment chips
  promptPlaceholder: 'Ask Bedrock… (Enter to send, Shift+Enter for a new line)',
  askQuestion: 'Ask a question',
  attachContext: 'Attach context',
  send: 'Send',
  stop: 'Stop',
  attachments: 'Attachments',
  remove: 'Remove',
  removeAttachment: 'Remove {0}',
  /** A chip read out: its label and size. */
  attachmentLabel: '{0}, {1}',
  /** A chip's tooltip: its path (or label) and size. */
  attachmentTitle: '{0} ({1})',
  // Code blocks
  copyCode: 'Copy code',
  insertCode: 'Insert code at cursor',
  applyCode: 'Apply to file (review as a diff)',
  plainTextLanguage: 'text',
  // Model picker
  model: 'Model',
  modelTitle: 'Model: {0}',
  modelDefault: '{0} (default)',
  reasoningBadge: 'reasoning',
  toolsBadge: 'tools',
  reasoningBudget: 'Reasoning budget',
  reasoningBudgetTitle: 'Reasoning budget: {0}',
  budgetOff: 'Off',
  budgetTokens: '{0} tokens',
  // Thinking section
  thinking: 'Thinking…',
  thought: 'Thought',
  thoughtFor: 'Thought for {0} s',
  thoughtPartlyRedacted: '{0} (part of it redacted)',
  reasoningRedacted: 'Reasoning hidden by the model (redacted)',
  // Omitted turns
  omittedOneForContext: "1 earlier turn was left out of this request to fit the model's context window ({0} tokens).",
  omittedManyForContext: "{0} earlier turns were left out of this request to fit the model's context window ({1} tokens).",
  omittedOneForLimits: "1 earlier turn was left out of this request to fit the endpoint's limits ({0} KB, {1} messages).",
  omittedManyForLimits: "{0} earlier turns were left out of this request to fit the endpoint's limits ({1} KB, {2} messages).",
  // Stats line (the stop reason and the model id stay as the endpoint sent them)
  statsFirstToken: 'First token {0} s',
  statsTokensPerSecond: '{0} tok/s',
  statsTokens: '{0} in / {1} out tokens',
  statsCache: 'cache {0} read / {1} write',
} as const;

/** The name of one webview text. */
export type WebviewStringKey = keyof typeof WEBVIEW_STRINGS;

/** The webview's texts in one language. */
export type WebviewStrings = Record<WebviewStringKey, string>;

/** The table in the display language: each English text through `translate` (vscode.l10n.t in the host), placeholders kept. */
export function translateWebviewStrings(translate: (english: string) => string): WebviewStrings {
  const entries = Object.entries(WEBVIEW_STRINGS).map(([key, english]) => [key, translate(english)]);
  return Object.fromEntries(entries) as WebviewStrings;
}
