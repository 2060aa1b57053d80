import { Marked, type Token, type Tokens } from 'marked';
import { t } from '../strings';
import { escapeHtml } from './escape';
import { highlightCode } from './highlight';
import { createSanitizer } from './sanitize';
import { safeHref } from './urls';

/** Tokens of one lexing pass, and whether it defined reference links (`[x]: url`). */
export interface LexResult {
  tokens: Token[];
  hasLinkDefs: boolean;
}

/** Markdown → safe DOM. The same instance renders streaming blocks and one-shot answers. */
export interface MarkdownRenderer {
  /** Block-level tokens of `src` (inline tokens resolved). */
  lex(src: string): LexResult;
  /** Renders top-level tokens to a sanitized, decorated fragment. */
  render(tokens: Token[]): DocumentFragment;
  /** One-shot render of a whole answer: the reference the incremental renderer must match. */
  renderAll(src: string): DocumentFragment;
  /** The document nodes are created in. */
  readonly doc: Document;
  /** The decorator, for DOM built outside marked (a still-open code block). */
  readonly decorate: Decorator;
}

/** Post-processing applied to every rendered fragment (e.g. code block toolbars). */
export type Decorator = (fragment: DocumentFragment, doc: Document) => void;

/** Fence info strings become a class name: keep it to a safe, short identifier. */
export function languageOf(lang: string | undefined): string {
  const first = (lang ?? '').trim().split(/\s+/)[0] ?? '';
  return /^[\w+#.-]{1,32}$/.test(first) ? first.toLowerCase() : '';
}

function createMarked(): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    renderer: {
      // Raw HTML from the model is shown as text, never parsed.
      html({ text }: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(text);
      },
      // No `href`: VS Code's webview host opens any clicked `<a href>` itself, before and
      // regardless of the page's handlers. The target waits in data-href for a confirmed open.
      // The model's link title is dropped: it could claim a destination the link does not have.
      link({ href, tokens }: Tokens.Link): string {
        const text = this.parser.parseInline(tokens);
        const safe = safeHref(href);
        if (safe === undefined) return `<span class="link-blocked">${text}</span>`;
        return `<a data-href="${escapeHtml(safe)}">${text}</a>`;
      },
      // Remote images are never loaded: a link (through the host) or a placeholder with the alt text.
      image({ href, text }: Tokens.Image): string {
        const alt = escapeHtml(text || t('imageAlt'));
        const safe = safeHref(href);
        const icon = '<span class="codicon codicon-file-media"></span>';
        if (safe === undefined || safe.startsWith('mailto:')) return `<span class="image-placeholder">${icon}${alt}</span>`;
        return `<a class="image-placeholder" data-href="${escapeHtml(safe)}">${icon}${alt}</a>`;
      },
      code({ text, lang }: Tokens.Code): string {
        const language = languageOf(lang);
        const highlighted = highlightCode(text, language);
        const cls = language ? ` class="language-${language}${highlighted !== undefined ? ' hljs' : ''}"` : '';
        return `<pre><code${cls}>${highlighted ?? escapeHtml(text)}</code></pre>\n`;
      },
    },
  });
}

/** A renderer bound to `win`'s document; `decorate` runs on every rendered fragment. */
export function createMarkdownRenderer(win: Window, decorate: Decorator = () => undefined): MarkdownRenderer {
  const marked = createMarked();
  const sanitize = createSanitizer(win);
  const doc = win.document;
  const render = (tokens: Token[]): DocumentFragment => {
    const html = marked.parser(tokens);
    const fragment = sanitize(html);
    decorate(fragment, doc);
    return fragment;
  };
  const lex = (src: string): LexResult => {
    const tokens = marked.lexer(src);
    return { tokens, hasLinkDefs: Object.keys(tokens.links ?? {}).length > 0 };
  };
  return { lex, render, renderAll: (src) => render(lex(src).tokens), doc, decorate };
}
