/// <reference lib="dom" />
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../../media/chat/markdown/renderer';
import { decorateCodeBlocks } from '../../../media/chat/view/codeBlock';

/** A fresh jsdom window (no scripts run, like the webview's sanitized content). */
export function createWindow(): Window & typeof globalThis {
  return new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true }).window as unknown as Window & typeof globalThis;
}

/** The production renderer (with code block decoration) bound to a jsdom window. */
export function createRenderer(win: Window = createWindow()): MarkdownRenderer {
  return createMarkdownRenderer(win, decorateCodeBlocks);
}

/** innerHTML of a one-shot render. */
export function renderHtml(renderer: MarkdownRenderer, src: string): string {
  const div = renderer.doc.createElement('div');
  div.append(renderer.renderAll(src));
  return div.innerHTML;
}
