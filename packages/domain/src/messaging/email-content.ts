/** A body's two parts: the text and HTML every email carries. */
export interface EmailParts {
  text: string;
  html: string;
}

const HTML_TAG =
  /<\/?(html|head|body|p|div|span|br|hr|a|b|i|u|em|strong|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|img|blockquote|pre|code|font|center|section|article|header|footer|style)\b[^>]*>/i;

/** Does the body look like HTML (a known tag), rather than text that happens to hold a `<`? */
export function isHtml(body: string): boolean {
  return HTML_TAG.test(body);
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** A readable text rendering of HTML: block ends become line breaks, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre|table)\s*>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "- ")
    .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) =>
      label.replace(/<[^>]*>/g, "").trim() === href ? href : `${label} (${href})`,
    )
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
      if (entity[0] === "#") {
        const code =
          entity[1]?.toLowerCase() === "x" ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
      }
      return ENTITIES[entity.toLowerCase()] ?? match;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Plain text as HTML: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  if (text === "") return "";
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll("\n", "<br>")}</p>`);
  return `<!DOCTYPE html><html><body>${paragraphs.join("")}</body></html>`;
}

/** Both parts of a body given as text or HTML (detected). */
export function emailParts(body: string | undefined): EmailParts {
  const value = body ?? "";
  if (value.trim() === "") return { text: "", html: "" };
  return isHtml(value) ? { text: htmlToText(value), html: value } : { text: value, html: textToHtml(value) };
}
