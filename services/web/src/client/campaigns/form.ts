import type { Campaign, CampaignType } from "./types.js";

/** The wizard's fields as the person types them (strings, lines); `campaignBody` turns them into the API's body. */
export interface CampaignForm {
  title: string;
  channel_id: string;
  type: CampaignType;
  subject: string;
  body: string;
  tag_ids: string[];
  /** Contact ids, one per line or separated by commas or spaces. */
  contact_ids: string;
  /** `key=value` per line: contacts whose property equals it. */
  properties: string;
  /** Inline contacts, one per line: a phone or email, then optionally a comma and a name. */
  contacts: string;
  campaigns_within_days: string;
  replied_within_hours: string;
  /** `datetime-local` (the browser's own zone); empty sends as soon as possible. */
  schedule_at: string;
  window_start: string;
  window_end: string;
  attribution_window_hours: string;
  track_links: boolean;
}

export const EMPTY_FORM: CampaignForm = {
  title: "",
  channel_id: "",
  type: "sms",
  subject: "",
  body: "",
  tag_ids: [],
  contact_ids: "",
  properties: "",
  contacts: "",
  campaigns_within_days: "",
  replied_within_hours: "",
  schedule_at: "",
  window_start: "08:00",
  window_end: "21:00",
  attribution_window_hours: "72",
  track_links: true,
};

/** The channel types as campaigns name the message they send. */
export const CAMPAIGN_TYPE_OF_CHANNEL: Record<string, CampaignType> = {
  phone: "sms",
  email: "email",
  whatsapp: "whatsapp",
};

/** The variables the API's template language takes (LiquidJS, a whitelist); properties are `contact.properties.<key>`. */
export const TEMPLATE_VARIABLES = [
  { label: "First name", insert: '{{contact.first_name | default: "there"}}' },
  { label: "Last name", insert: "{{contact.last_name}}" },
  { label: "Full name", insert: "{{contact.name}}" },
  { label: "Phone", insert: "{{contact.phone}}" },
  { label: "Email", insert: "{{contact.email}}" },
  { label: "External id", insert: "{{contact.external_id}}" },
] as const;

const words = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter(Boolean);
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A number typed as text: kept as typed when it is not one, so the API names the field. */
function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** `true`/`false` and numbers as JSON values (the API compares them typed), anything else as text. */
function propertyValue(text: string): string | number | boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

export function parseProperties(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const line of lines(text)) {
    const at = line.indexOf("=");
    // A line without "=" keeps its text as the key, so the API's key rule answers it.
    const key = (at < 0 ? line : line.slice(0, at)).trim();
    out[key] = propertyValue(at < 0 ? "" : line.slice(at + 1).trim());
  }
  return out;
}

/** Inline contacts as `PUT /v1/contacts/upsert` rows: an address (phone or email), then a name. */
export function parseInlineContacts(text: string): Array<{ phone?: string; email?: string; name?: string }> {
  return lines(text).map((line) => {
    const at = line.indexOf(",");
    const address = (at < 0 ? line : line.slice(0, at)).trim();
    const name = at < 0 ? "" : line.slice(at + 1).trim();
    return { ...(address.includes("@") ? { email: address } : { phone: address }), ...(name && { name }) };
  });
}

/** A `datetime-local` value in the browser's zone as an ISO instant (with its offset). */
export function localToIso(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

/** An ISO instant as a `datetime-local` value in the browser's zone. */
export function isoToLocal(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The body of `POST /v1/campaigns` (and of `PUT` while a draft) from the wizard's fields: empty
 * fields are left out, so the API's defaults apply; the audience's filters are sent only when
 * given (the API matches them all together, inline contacts added to them).
 */
export function campaignBody(form: CampaignForm): Record<string, unknown> {
  const contactIds = words(form.contact_ids);
  const properties = parseProperties(form.properties);
  const contacts = parseInlineContacts(form.contacts);
  const exclude = {
    ...(numberOrText(form.campaigns_within_days) !== undefined && {
      campaigns_within_days: numberOrText(form.campaigns_within_days),
    }),
    ...(numberOrText(form.replied_within_hours) !== undefined && {
      replied_within_hours: numberOrText(form.replied_within_hours),
    }),
  };
  const attribution = numberOrText(form.attribution_window_hours);
  return {
    title: form.title,
    type: form.type,
    ...(form.channel_id && { channel_id: form.channel_id }),
    ...(form.type === "email" && { subject: form.subject }),
    body: form.body,
    audience: {
      ...(form.tag_ids.length > 0 && { tag_ids: form.tag_ids }),
      ...(contactIds.length > 0 && { contact_ids: contactIds }),
      ...(Object.keys(properties).length > 0 && { properties }),
      ...(contacts.length > 0 && { contacts }),
      ...(Object.keys(exclude).length > 0 && { exclude }),
    },
    ...(form.schedule_at && { schedule_at: localToIso(form.schedule_at) }),
    sending_window: { start: form.window_start, end: form.window_end },
    ...(attribution !== undefined && { attribution_window_hours: attribution }),
    track_links: form.track_links,
  };
}

/** A stored draft back into the wizard's fields (its inline contacts are stored as contacts, named by id). */
export function formFromCampaign(campaign: Campaign): CampaignForm {
  const { audience } = campaign;
  return {
    title: campaign.title,
    channel_id: campaign.channel_id,
    type: campaign.type,
    subject: campaign.subject ?? "",
    body: campaign.body ?? "",
    tag_ids: audience.tag_ids ?? [],
    contact_ids: (audience.contact_ids ?? []).join("\n"),
    properties: Object.entries(audience.properties ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join("\n"),
    contacts: "",
    campaigns_within_days: String(audience.exclude?.campaigns_within_days ?? ""),
    replied_within_hours: String(audience.exclude?.replied_within_hours ?? ""),
    schedule_at: isoToLocal(campaign.schedule_at),
    window_start: campaign.sending_window.start,
    window_end: campaign.sending_window.end,
    attribution_window_hours: String(campaign.attribution_window_hours),
    track_links: campaign.track_links,
  };
}

/**
 * What a PUT of an edited draft sends. A draft's inline contacts are already stored, and an
 * `audience` in a PUT replaces them; so when none are typed again the audience is left out
 * unless its filters changed.
 */
export function draftUpdateBody(form: CampaignForm, stored: Campaign): Record<string, unknown> {
  const body = campaignBody(form);
  const audience = body.audience as Record<string, unknown>;
  const before = campaignBody(formFromCampaign(stored)).audience;
  const inlineKept = (stored.audience.contacts ?? 0) > 0 && audience.contacts === undefined;
  if (inlineKept && JSON.stringify(audience) === JSON.stringify(before)) {
    const { audience: _kept, ...rest } = body;
    return rest;
  }
  return body;
}
