import type { WebviewToHost } from '../../../src/protocol/webview';
import { AttachmentChips } from './attachmentChips';
import { t } from '../strings';
import { el, iconButton } from './dom';
import type { ModelPicker } from './modelPicker';

/** What the composer keeps across reloads (through `vscode.setState`). */
export interface DraftStore {
  load(): string;
  save(draft: string): void;
}

export interface ComposerParts {
  /** Called after a prompt is sent (e.g. to follow the transcript again). */
  onSent?: () => void;
  /** The model and reasoning budget selects, beside Attach. */
  picker?: ModelPicker;
}

/**
 * The input area: the attachment chips, a textarea (Enter sends, Shift+Enter adds a line,
 * never while an IME is composing), Attach, the model picker, Send and Stop (while streaming).
 * Send carries the ids of the chips on screen.
 */
export class Composer {
  readonly root: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly chips: AttachmentChips;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly onSent: () => void;
  private streaming = false;

  constructor(
    doc: Document,
    private readonly post: (message: WebviewToHost) => void,
    private readonly draft: DraftStore,
    parts: ComposerParts = {},
  ) {
    this.onSent = parts.onSent ?? (() => undefined);
    this.root = el(doc, 'div', 'composer');
    this.input = el(doc, 'textarea', 'composer-input');
    this.input.id = 'prompt';
    this.input.rows = 1;
    this.input.placeholder = t('promptPlaceholder');
    this.input.setAttribute('aria-label', t('askQuestion'));
    this.input.value = draft.load();
    this.chips = new AttachmentChips(doc, post, () => this.input.focus());

    const attach = iconButton(doc, 'attach', t('attachContext'), 'attach');
    this.send = iconButton(doc, 'send', t('send'), 'send');
    this.stop = iconButton(doc, 'debug-stop', t('stop'), 'stop');
    this.stop.hidden = true;
    const actions = el(doc, 'div', 'composer-actions');
    actions.append(attach);
    if (parts.picker) actions.append(parts.picker.root);
    actions.append(el(doc, 'span', 'composer-spacer'), this.stop, this.send);
    this.root.append(this.chips.root, this.input, actions);
    if (parts.picker) this.root.append(parts.picker.note);

    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', () => this.textChanged());
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => this.post({ type: 'stop' }));
    attach.addEventListener('click', () => this.post({ type: 'attach' }));
    this.updateButtons();
  }

  /** Shows Stop instead of Send while an answer streams. */
  setStreaming(streaming: boolean): void {
    if (streaming === this.streaming) return;
    const hadFocus = this.root.ownerDocument.activeElement;
    this.streaming = streaming;
    this.updateButtons();
    // Keep keyboard focus when the focused button disappears.
    if ((hadFocus === this.stop && !streaming) || (hadFocus === this.send && streaming)) this.input.focus();
  }

  /** Focuses the input, optionally replacing its text (host `focusInput`). */
  focus(text?: string): void {
    if (text !== undefined) {
      this.input.value = text;
      this.textChanged();
    }
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    // 229: the keydown that commits an IME composition in some browsers.
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.submit();
  }

  private submit(): void {
    const prompt = this.input.value.trim();
    if (!prompt || this.streaming) return;
    this.post({ type: 'send', prompt, attachmentIds: this.chips.ids() });
    this.input.value = '';
    this.textChanged();
    this.onSent();
  }

  /** After the input's text changed: keep the draft, fit the height, enable Send. */
  private textChanged(): void {
    this.draft.save(this.input.value);
    this.autosize();
    this.updateButtons();
  }

  private updateButtons(): void {
    this.stop.hidden = !this.streaming;
    this.send.hidden = this.streaming;
    this.send.disabled = this.input.value.trim() === '';
  }

  private autosize(): void {
    // CSSOM style writes are allowed by the CSP (only style attributes in markup are not).
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }
}
