import type { AttachmentInfo } from '../protocol/webview';

/** A position in a text document, 0-based (as vscode.Position). */
export interface TextPosition {
  line: number;
  character: number;
}

/** Context attached to a question, host side: what the chip shows plus what is sent. */
export interface Attachment {
  info: AttachmentInfo;
  /** The text sent to the model: code, a file's text, or a list of problems. */
  content: string;
  /** The document's language id (for the fence), when it came from one. */
  languageId?: string;
  /** The file it came from (a URI string): where Apply proposes changes. */
  uri?: string;
  /** For a selection: the range it covered in that file when attached. */
  range?: { start: TextPosition; end: TextPosition };
}

/** Where Apply proposes a code block of a turn: the file (and selection) the question was about. */
export interface ApplyTarget {
  uri: string;
  range?: { start: TextPosition; end: TextPosition };
}
