/** Normalizes CR and CRLF to LF across chunk boundaries (a CRLF may arrive split in two chunks). */
export class NewlineNormalizer {
  private lastWasCR = false;

  /** The chunk with line endings as marked would see them in the whole text. */
  push(chunk: string): string {
    let text = chunk;
    if (this.lastWasCR && text.startsWith('\n')) text = text.slice(1);
    if (chunk.length > 0) this.lastWasCR = chunk.endsWith('\r');
    return text.replace(/\r\n?/g, '\n');
  }
}
