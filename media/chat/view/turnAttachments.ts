import type { AttachmentInfo } from '../../../src/protocol/webview';
import { t } from '../strings';
import { ATTACHMENT_ICONS } from './attachmentChips';
import { formatByteSize } from './byteSize';
import { el } from './dom';

/** The list of what was sent with a question, under it in the user's turn: icon, label and size; the path as a tooltip. */
export function turnAttachments(doc: Document, attachments: readonly AttachmentInfo[]): HTMLElement {
  const list = el(doc, 'ul', 'turn-attachments');
  list.setAttribute('aria-label', t('sentWithQuestion'));
  for (const attachment of attachments) {
    const item = el(doc, 'li', 'turn-attachment');
    const icon = el(doc, 'span', `codicon codicon-${ATTACHMENT_ICONS[attachment.kind] ?? 'file'}`);
    icon.setAttribute('aria-hidden', 'true');
    const size = formatByteSize(attachment.bytes);
    item.append(icon, el(doc, 'span', 'attachment-label', attachment.label), el(doc, 'span', 'attachment-size', size));
    if (attachment.detail) item.title = attachment.detail;
    list.append(item);
  }
  return list;
}
