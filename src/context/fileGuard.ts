/**
 * What may be attached to a question: files up to `askBedrock.context.maxFileKilobytes`, and text
 * only. A refusal is a sentence for the user; the file is then never sent.
 */
import { clampInt } from '../util/clamp';
import * as l10n from '../util/l10n';

/** The setting (under `askBedrock.`) that caps an attached file's size, in kilobytes. */
export const MAX_FILE_KILOBYTES_SETTING = 'context.maxFileKilobytes';
export const DEFAULT_MAX_FILE_KILOBYTES = 64;

/** How much of a file is looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/** The setting's value as whole kilobytes within 1–1024; the default when it is not a number. */
export function clampMaxFileKilobytes(value: unknown): number {
  return clampInt(value, 1, 1024, DEFAULT_MAX_FILE_KILOBYTES);
}

/** Why a file of `size` bytes is too large to attach; undefined when it is not. `name` must already be inert. */
export function sizeRefusal(name: string, size: number, maxBytes: number): string | undefined {
  if (size <= maxBytes) return undefined;
  return l10n.t('{0} was not attached: it is {1}, over the {2} limit for attachments (setting askBedrock.context.maxFileKilobytes).', name, formatKilobytes(size), formatKilobytes(maxBytes));
}

/** Why these bytes cannot be attached (too large, or binary); undefined when they can. `name` must already be inert. */
export function fileRefusal(name: string, bytes: Uint8Array, maxBytes: number): string | undefined {
  return sizeRefusal(name, bytes.byteLength, maxBytes) ?? (looksBinary(bytes) ? l10n.t('{0} was not attached: it looks like a binary file, and only text is sent.', name) : undefined);
}

/** True when the first 8 KB hold a NUL byte or are not valid UTF-8 (a sequence cut at 8 KB is not held against it). */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return true;
  try {
    // `stream: true` keeps a multi-byte character cut at the 8 KB mark for a next call instead of failing on it.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: bytes.byteLength > SNIFF_BYTES });
    return false;
  } catch {
    return true;
  }
}

/** A size for refusal messages in KB (1 KB = 1024 bytes), one decimal unless whole (the chips use formatByteSize). */
export function formatKilobytes(bytes: number): string {
  const kb = bytes / 1024;
  return `${Number.isInteger(kb) ? kb : kb.toFixed(1)} KB`;
}
