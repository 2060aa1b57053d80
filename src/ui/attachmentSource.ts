import type { AttachmentSource } from '../protocol/webview';

const ATTACHMENT_SOURCES: readonly string[] = ['selection', 'activeFile', 'openEditors', 'problems', 'workspaceFile'] satisfies AttachmentSource[];

/** True for a source the Attach menu knows (messages from the webview and command arguments are checked with it). */
export function isAttachmentSource(value: unknown): value is AttachmentSource {
  return typeof value === 'string' && ATTACHMENT_SOURCES.includes(value);
}
