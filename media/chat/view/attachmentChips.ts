import type { AttachmentInfo, WebviewToHost } from '../../../src/protocol/webview';
import { t } from '../strings';
import { formatByteSize } from './byteSize';
import { el, iconButton } from './dom';

/** The codicon of each kind of attachment. */
export const ATTACHMENT_ICONS: Readonly<Record<AttachmentInfo['kind'], string>> = {
  selection: 'list-selection',
  file: 'file',
  problems: 'warning',
};

/**
 * Puts `nodes` (all children of `parent`, or new) in this order without moving the one that
 * holds keyboard focus: moving a focused element blurs it.
 */
function placeInOrder(parent: HTMLElement, nodes: readonly HTMLElement[]): void {
  const active = parent.ownerDocument.activeElement;
  const anchorAt = nodes.findIndex((node) => node.contains(active));
  if (anchorAt < 0) {
    let previous: HTMLElement | undefined;
    for (const node of nodes) {
      const wanted = previous ? previous.nextSibling : parent.firstChild;
      if (wanted !== node) parent.insertBefore(node, wanted);
      previous = node;
    }
    return;
  }
  let following = nodes[anchorAt]!;
  for (const node of nodes.slice(0, anchorAt).reverse()) {
    if (node.nextSibling !== following) parent.insertBefore(node, following);
    following = node;
  }
  let previous = nodes[anchorAt]!;
  for (const node of nodes.slice(anchorAt + 1)) {
    if (previous.nextSibling !== node) parent.insertBefore(node, previous.nextSibling);
    previous = node;
  }
}

interface ChipView {
  root: HTMLElement;
  icon: HTMLElement;
  label: HTMLElement;
  size: HTMLElement;
  remove: HTMLButtonElement;
}

/**
 * The chips waiting to be sent with the next question, as the host last sent them. A chip is
 * focusable: Backspace or Delete removes it, as does its remove button. Chips are kept by id
 * and updated in place, so a new list from the host leaves keyboard focus where it was.
 */
export class AttachmentChips {
  readonly root: HTMLElement;
  private chips = new Map<string, ChipView>();
  /** Removed here and posted, not yet gone from the host's list: a list sent before the host saw the removal must not bring them back. */
  private readonly removing = new Set<string>();
  private readonly doc: Document;

  constructor(
    doc: Document,
    private readonly post: (message: WebviewToHost) => void,
    /** Where keyboard focus goes when the last chip is removed. */
    private readonly focusInput: () => void,
  ) {
    this.doc = doc;
    this.root = el(doc, 'div', 'attachment-chips');
    this.root.setAttribute('role', 'list');
    this.root.setAttribute('aria-label', t('attachments'));
    this.root.hidden = true;
  }

  /** The ids of the chips on screen, in order (sent with the question). */
  ids(): string[] {
    return [...this.chips.keys()];
  }

  /** Shows exactly `attachments` (host `attachments`). */
  update(list: readonly AttachmentInfo[]): void {
    const listed = new Set(list.map((a) => a.id));
    for (const id of this.removing) if (!listed.has(id)) this.removing.delete(id);
    const attachments = list.filter((a) => !this.removing.has(a.id));
    const wanted = new Set(attachments.map((a) => a.id));
    for (const [id, chip] of this.chips) if (!wanted.has(id)) this.drop(id, chip);
    const next = new Map<string, ChipView>();
    for (const info of attachments) {
      const chip = this.chips.get(info.id) ?? this.create(info.id);
      this.fill(chip, info);
      next.set(info.id, chip);
    }
    this.chips = next;
    placeInOrder(this.root, [...next.values()].map((chip) => chip.root));
    this.root.hidden = next.size === 0;
  }

  private create(id: string): ChipView {
    const root = el(this.doc, 'div', 'chip');
    root.tabIndex = 0;
    root.setAttribute('role', 'listitem');
    root.setAttribute('aria-keyshortcuts', 'Delete Backspace');
    root.addEventListener('keydown', (event) => {
      if (event.target !== root || (event.key !== 'Backspace' && event.key !== 'Delete')) return;
      event.preventDefault();
      this.remove(id);
    });
    const icon = el(this.doc, 'span');
    icon.setAttribute('aria-hidden', 'true');
    const label = el(this.doc, 'span', 'chip-label');
    const size = el(this.doc, 'span', 'chip-size');
    const remove = iconButton(this.doc, 'close', t('remove'), 'chip-remove');
    remove.addEventListener('click', () => this.remove(id));
    root.append(icon, label, size, remove);
    return { root, icon, label, size, remove };
  }

  private fill(chip: ChipView, info: AttachmentInfo): void {
    const size = formatByteSize(info.bytes);
    chip.icon.className = `codicon codicon-${ATTACHMENT_ICONS[info.kind] ?? 'file'}`;
    chip.label.textContent = info.label;
    chip.size.textContent = size;
    const removeLabel = t('removeAttachment', info.label);
    chip.remove.setAttribute('aria-label', removeLabel);
    chip.remove.title = removeLabel;
    chip.root.setAttribute('aria-label', t('attachmentLabel', info.label, size));
    chip.root.title = t('attachmentTitle', info.detail ?? info.label, size);
  }

  /** Removes a chip at once (the host confirms with a new list) and keeps keyboard focus nearby. */
  private remove(id: string): void {
    const chip = this.chips.get(id);
    if (!chip) return;
    this.post({ type: 'removeAttachment', id });
    this.removing.add(id);
    this.drop(id, chip);
    this.root.hidden = this.chips.size === 0;
  }

  private drop(id: string, chip: ChipView): void {
    const hadFocus = chip.root.contains(this.doc.activeElement);
    const neighbour = (chip.root.nextElementSibling ?? chip.root.previousElementSibling) as HTMLElement | null;
    chip.root.remove();
    this.chips.delete(id);
    if (!hadFocus) return;
    if (neighbour) neighbour.focus();
    else this.focusInput();
  }
}
