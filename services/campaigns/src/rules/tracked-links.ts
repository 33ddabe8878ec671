import { randomBytes } from "node:crypto";

export interface FoundLink {
  url: string;
  /** Offsets into the body, `end` exclusive: `body.slice(start, end) === url`. */
  start: number;
  end: number;
}

// Letters and digits of any script and RFC 3986's ASCII URL characters; braces, quotes, spaces and emoji end a link.
const LINK = /\bhttps?:\/\/[\p{L}\p{N}\-._~:/?#[\]@!$&'()*+,;=%]+/giu;
const TRAILING = /[.,;:!?'*]$/;
const CLOSERS: Record<string, string> = { ")": "(", "]": "[" };

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Drops sentence punctuation after a link, and closing brackets it did not open. */
function trimTrailing(url: string): string {
  let trimmed = url;
  for (;;) {
    const last = trimmed.at(-1) ?? "";
    const opener = CLOSERS[last];
    if (TRAILING.test(last) || (opener && count(trimmed, last) > count(trimmed, opener)))
      trimmed = trimmed.slice(0, -1);
    else return trimmed;
  }
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** The http(s) links in a message body, in order: the only targets a tracked link may have. */
export function findLinks(body: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const match of body.matchAll(LINK)) {
    const url = trimTrailing(match[0]);
    if (isWebUrl(url)) links.push({ url, start: match.index, end: match.index + url.length });
  }
  return links;
}

/** The body with each link replaced by what `replacement` returns for it (index: its order in the body). */
export function rewriteLinks(body: string, replacement: (url: string, index: number) => string): string {
  let rewritten = "";
  let from = 0;
  findLinks(body).forEach((link, index) => {
    rewritten += body.slice(from, link.start) + replacement(link.url, index);
    from = link.end;
  });
  return rewritten + body.slice(from);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CODE_LENGTH = 10;
// 248 = 4 × 62: bytes at or above it are dropped so that every character is equally likely.
const UNBIASED_BELOW = 248;

/** A short link code no one can guess: 10 base62 characters, about 59.5 random bits. */
export function newLinkCode(): string {
  let code = "";
  while (code.length < CODE_LENGTH) {
    for (const byte of randomBytes(CODE_LENGTH * 2)) {
      if (byte < UNBIASED_BELOW && code.length < CODE_LENGTH) code += BASE62[byte % 62];
    }
  }
  return code;
}
