/**
 * Knowledge-base Markdown as safe HTML: `marked` renders, `sanitize-html` keeps only an allow-list
 * of elements and attributes (no raw HTML, scripts, event handlers, styles or javascript: links).
 * Links to other sites open normally but carry rel="noopener noreferrer nofollow".
 */
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr"],
  allowedAttributes: { a: ["href", "title", "rel"], th: ["align"], td: ["align"], ol: ["start"] },
  allowedSchemes: ["https", "http", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }),
    // An article's own headings sit below the page's h1.
    h1: "h2",
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(marked.parse(source) as string, OPTIONS);
}

/** Plain text of a Markdown source (for excerpts in lists and search results). */
export function markdownExcerpt(source: string, max = 240): string {
  const text = sanitizeHtml(marked.parse(source) as string, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
