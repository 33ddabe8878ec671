import type { Conversation } from "../types.js";

/** What the composer holds, whatever the channel; unused fields stay empty. */
export interface Draft {
  body: string;
  subject: string;
  /** Comma- or space-separated addresses. */
  cc: string;
  /** One URL per line (or comma-separated). */
  attachments: string;
  /** A `datetime-local` value (the browser's time zone), empty for now. */
  scheduleAt: string;
  /** A WhatsApp template, used when the 24-hour window is closed. */
  template?: { name: string; language: string; parameters: string } | undefined;
}

export const EMPTY_DRAFT: Draft = { body: "", subject: "", cc: "", attachments: "", scheduleAt: "" };

export interface SendRequest {
  path: "/messaging/sms" | "/messaging/email" | "/messaging/whatsapp";
  body: Record<string, unknown>;
}

/** Splits a list typed by hand: commas, semicolons, spaces and new lines all separate. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** A `datetime-local` value as the API's ISO 8601 with a zone; empty or unreadable → undefined (sent now). */
export function scheduleAtIso(local: string): string | undefined {
  if (!local) return undefined;
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The send request for a draft on the conversation's channel, as `/messaging/*` takes it. Fields
 * left empty are left out, so the API's own rules (and its 422s) decide what is missing.
 */
export function buildSend(
  channelType: Conversation["channel_type"],
  parties: { from: string; to: string },
  draft: Draft,
): SendRequest {
  const attachments = splitList(draft.attachments);
  const scheduleAt = scheduleAtIso(draft.scheduleAt);
  const common = {
    from: parties.from,
    to: parties.to,
    ...(attachments.length > 0 && { attachments }),
    ...(scheduleAt && { schedule_at: scheduleAt }),
  };
  if (channelType === "email") {
    const cc = splitList(draft.cc);
    return {
      path: "/messaging/email",
      body: {
        ...common,
        ...(draft.body.trim() && { body: draft.body }),
        ...(draft.subject.trim() && { subject: draft.subject.trim() }),
        ...(cc.length > 0 && { cc }),
      },
    };
  }
  if (channelType === "whatsapp") {
    if (draft.template) {
      // Parameters are texts that may hold spaces: only commas separate them.
      const parameters = draft.template.parameters
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== "");
      return {
        path: "/messaging/whatsapp",
        body: {
          from: parties.from,
          to: parties.to,
          ...(scheduleAt && { schedule_at: scheduleAt }),
          template: {
            name: draft.template.name.trim(),
            language: draft.template.language.trim(),
            components:
              parameters.length > 0
                ? [{ type: "body", parameters: parameters.map((text) => ({ type: "text", text })) }]
                : [],
          },
        },
      };
    }
    return {
      path: "/messaging/whatsapp",
      body: { ...common, ...(draft.body.trim() && { body: draft.body }) },
    };
  }
  return { path: "/messaging/sms", body: { ...common, ...(draft.body.trim() && { body: draft.body }) } };
}

/** An internal note in the conversation: `POST /messaging/note` (the API sets the author from the session). */
export function buildNote(parties: { from: string; to: string }, body: string) {
  return { from: parties.from, to: parties.to, body };
}
