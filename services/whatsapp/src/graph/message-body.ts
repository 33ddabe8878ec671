import { type EventOf, type SendWhatsAppMessage, ValidationError } from "@relay/domain";

type SendCommand = EventOf<typeof SendWhatsAppMessage>["data"];

/** The Graph API's `POST /{phone-number-id}/messages` body for a command: text, media by link, or template. */
export function messageBody(command: SendCommand): Record<string, unknown> {
  const base = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: command.to.replace(/\D/g, ""),
  };
  switch (command.kind) {
    case "text":
      if (!command.body) throw ValidationError.field("body", "is required for a text message");
      return {
        ...base,
        type: "text",
        text: { body: command.body, preview_url: /https?:\/\//.test(command.body) },
      };
    case "media": {
      if (!command.media) throw ValidationError.field("media", "is required for a media message");
      const { type, url, caption } = command.media;
      // Meta takes no caption on audio; documents are shown under a filename.
      const media: Record<string, unknown> = { link: url };
      if (caption !== undefined && type !== "audio") media.caption = caption;
      if (type === "document") media.filename = filenameOf(url);
      return { ...base, type, [type]: media };
    }
    case "template": {
      if (!command.template) throw ValidationError.field("template", "is required for a template message");
      const { name, language, components } = command.template;
      return {
        ...base,
        type: "template",
        template: { name, language: { code: language }, ...(components.length > 0 ? { components } : {}) },
      };
    }
  }
}

function filenameOf(url: string): string {
  const last = new URL(url).pathname.split("/").filter(Boolean).pop();
  return last ? decodeURIComponent(last) : "document";
}
