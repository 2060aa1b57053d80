/** Creates an element with a class name and optional text (always as textContent, never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button showing a codicon, labelled for screen readers and with a tooltip. */
export function iconButton(doc: Document, icon: string, label: string, className = ''): HTMLButtonElement {
  const button = el(doc, 'button', `icon-button ${className}`.trim());
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.title = label;
  const glyph = el(doc, 'span', `codicon codicon-${icon}`);
  glyph.setAttribute('aria-hidden', 'true');
  button.append(glyph);
  return button;
}
