import type { Attachment } from '../chat/attachment';
import type { AttachmentInfo, AttachmentSource } from '../protocol/webview';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { attachmentKey } from './buildAttachment';

/** Finds attachments from a source; no source: asks the user which (see collectAttachments). */
export type AttachmentCollector = (source?: AttachmentSource) => Promise<Attachment[]>;

/**
 * The chips waiting to go with the next question. The host keeps their content; the webview
 * only sees `list()`. Adding the same file, selection or problems again replaces the chip.
 */
export class PendingAttachments implements Disposable {
  private items: Attachment[] = [];
  private readonly changed = new Emitter<AttachmentInfo[]>();

  /** Fires with the new list whenever a chip is added, removed or taken. */
  readonly onDidChange: Event<AttachmentInfo[]> = this.changed.event;

  /** `collect` is collectAttachments in the extension; a fake in unit tests. */
  constructor(private readonly collect: AttachmentCollector) {}

  /** The chips, in the order they were added. */
  list(): AttachmentInfo[] {
    return this.items.map((a) => a.info);
  }

  /** Adds what `source` yields (no source: the user picks one); resolves with the chips added. */
  async add(source?: AttachmentSource): Promise<AttachmentInfo[]> {
    const found = await this.collect(source);
    for (const attachment of found) this.put(attachment);
    if (found.length > 0) this.fire();
    return found.map((a) => a.info);
  }

  /** Adds one attachment made elsewhere (the selection chip of Ask About Selection). */
  addAttachment(attachment: Attachment): void {
    this.put(attachment);
    this.fire();
  }

  /** Removes a chip; unknown ids are ignored. */
  remove(id: string): void {
    const before = this.items.length;
    this.items = this.items.filter((a) => a.info.id !== id);
    if (this.items.length !== before) this.fire();
  }

  /** Removes and returns the chips with these ids (the ones shown when Send was pressed), in the order they were added. */
  take(ids: readonly string[]): Attachment[] {
    const wanted = new Set(ids);
    const taken = this.items.filter((a) => wanted.has(a.info.id));
    if (taken.length === 0) return [];
    this.items = this.items.filter((a) => !wanted.has(a.info.id));
    this.fire();
    return taken;
  }

  /** Removes every chip. */
  clear(): void {
    if (this.items.length === 0) return;
    this.items = [];
    this.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private put(attachment: Attachment): void {
    const key = attachmentKey(attachment);
    const at = this.items.findIndex((a) => attachmentKey(a) === key);
    if (at === -1) this.items.push(attachment);
    else this.items[at] = attachment;
  }

  private fire(): void {
    this.changed.fire(this.list());
  }
}
