import { type Campaign, type CreateCampaign, DEFAULT_SENDING_WINDOW, ValidationError } from "@relay/domain";
import { insertCampaign } from "../db/campaigns.js";
import type { CampaignsDeps } from "../deps.js";
import { campaignChannel, channelAddress } from "./campaign-channel.js";
import { campaignChanged } from "./campaign-events.js";
import { compileBody } from "./campaign-template.js";
import { upsertInlineContacts } from "./inline-contacts.js";

export const DEFAULT_ATTRIBUTION_HOURS = 72;

/** A draft campaign: its channel and body checked, inline contacts upserted in core, nothing sent yet. */
export async function createCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  input: CreateCampaign,
  fields = { contacts: "audience.contacts" },
): Promise<Campaign> {
  const channel = await campaignChannel(deps, organizationId, input);
  compileBody(input.body);
  const { contacts, exclude, ...filter } = input.audience;
  const hasFilter =
    filter.contact_ids !== undefined || filter.tags !== undefined || filter.properties !== undefined;
  if (!hasFilter && !contacts?.length) {
    throw ValidationError.field("audience", "name contact_ids, tags, properties or contacts");
  }
  if (input.schedule_at && new Date(input.schedule_at) <= deps.now()) {
    throw ValidationError.field("schedule_at", "must be in the future");
  }
  const inlineIds = contacts?.length
    ? await upsertInlineContacts(deps, organizationId, contacts, fields.contacts)
    : [];
  const window = input.sending_window ?? DEFAULT_SENDING_WINDOW;
  return deps.transact(async (trx) => {
    const row = await insertCampaign(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      title: input.title,
      status: "draft",
      type: input.type,
      channel_id: channel.id,
      from: channelAddress(channel),
      body: input.body ?? null,
      subject: input.subject ?? null,
      attachments: JSON.stringify(input.attachments ?? []),
      template: input.template ? JSON.stringify(input.template) : null,
      audience: JSON.stringify({
        filter: hasFilter ? filter : null,
        inline_ids: inlineIds,
        ...(exclude && { exclude }),
      }),
      inline_contacts: contacts?.length ? contacts.length : null,
      schedule_at: input.schedule_at ?? null,
      window_start: window.start,
      window_end: window.end,
      attribution_hours: input.attribution_window_hours ?? DEFAULT_ATTRIBUTION_HOURS,
      track_links: input.track_links ?? true,
      audience_cursor: null,
      started_at: null,
      completed_at: null,
    });
    return campaignChanged(trx, row, true);
  });
}
