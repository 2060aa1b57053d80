import { inertText } from '../util/inertText';

/** The progress title of Insert at Cursor, naming the code that was sent (`sent` holds a file name: untrusted text). */
export function insertionTitle(sent: string | undefined): string {
  return sent ? `Ask Bedrock: inserting answer… (sent ${inertText(sent, 200)})` : 'Ask Bedrock: inserting answer…';
}
