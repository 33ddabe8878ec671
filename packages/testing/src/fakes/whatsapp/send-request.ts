/** Checks a `POST /{version}/{phone-number-id}/messages` body as Meta does; returns the problem, if any. */
export function sendRequestProblem(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return "the request body must be a JSON object";
  const message = body as Record<string, unknown>;
  if (message.messaging_product !== "whatsapp") return "messaging_product must be 'whatsapp'";
  if (message.recipient_type !== undefined && message.recipient_type !== "individual") {
    return "recipient_type must be 'individual'";
  }
  if (typeof message.to !== "string" || !/^\d{6,15}$/.test(message.to))
    return "to must be a phone number in digits";
  const opaque = message.biz_opaque_callback_data;
  if (opaque !== undefined && (typeof opaque !== "string" || opaque.length > 512)) {
    return "biz_opaque_callback_data must be a string of at most 512 characters";
  }
  const type = message.type ?? "text";
  if (typeof type !== "string") return "type must be a string";
  const content = message[type];
  if (typeof content !== "object" || content === null) return `the ${type} object is required`;
  return contentProblem(type, content as Record<string, unknown>);
}

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.length > 0;

function contentProblem(type: string, content: Record<string, unknown>): string | undefined {
  switch (type) {
    case "text":
      return nonEmpty(content.body) ? undefined : "text.body is required";
    case "image":
    case "document":
    case "audio":
    case "video":
      if (!nonEmpty(content.link) && !nonEmpty(content.id)) return `${type}.link or ${type}.id is required`;
      if (nonEmpty(content.link) && !/^https?:\/\//.test(content.link))
        return `${type}.link must be an http(s) URL`;
      if (type === "audio" && content.caption !== undefined) return "audio does not take a caption";
      return undefined;
    case "template": {
      if (!nonEmpty(content.name)) return "template.name is required";
      const language = content.language as Record<string, unknown> | undefined;
      if (!language || !nonEmpty(language.code)) return "template.language.code is required";
      if (content.components !== undefined && !Array.isArray(content.components)) {
        return "template.components must be an array";
      }
      return undefined;
    }
    default:
      return `unsupported message type '${type}'`;
  }
}
