/** A `<Message>` a webhook answered with: Twilio sends it back to the sender. */
export interface TwimlMessage {
  body: string;
  mediaUrls: string[];
  to?: string;
  from?: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, "i").exec(attributes);
  return match?.[1] === undefined ? undefined : decodeXml(match[1]);
}

/**
 * The `<Message>` verbs of a messaging TwiML response (`<Message>text</Message>`, or with
 * `<Body>` and `<Media>` children). Enough for replies; not a general XML parser.
 */
export function twimlMessages(twiml: string): TwimlMessage[] {
  const messages: TwimlMessage[] = [];
  for (const match of twiml.matchAll(/<Message\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Message>)/g)) {
    const attributes = match[1] ?? "";
    const inner = match[2] ?? "";
    const bodyTag = /<Body>([\s\S]*?)<\/Body>/.exec(inner);
    const mediaUrls = [...inner.matchAll(/<Media>([\s\S]*?)<\/Media>/g)].map((m) =>
      decodeXml((m[1] ?? "").trim()),
    );
    const body = decodeXml(bodyTag ? (bodyTag[1] ?? "") : inner.includes("<") ? "" : inner);
    if (!body && mediaUrls.length === 0) continue;
    messages.push({ body, mediaUrls, to: attribute(attributes, "to"), from: attribute(attributes, "from") });
  }
  return messages;
}
