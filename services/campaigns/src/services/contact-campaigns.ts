import { type CampaignStatus, type ContactCampaign, NotFoundError, type Pagination } from "@relay/domain";
import type { ChannelScope } from "@relay/service-kit";
import { type ContactCampaignRow, listContactCampaigns } from "../db/contact-campaigns.js";
import type { CampaignsDeps } from "../deps.js";

const iso = (value: Date | null) => (value === null ? undefined : value.toISOString());

function toContactCampaign(row: ContactCampaignRow): ContactCampaign {
  const times = {
    ...(row.state === "pending" && { not_before: iso(row.not_before) }),
    sent_at: iso(row.dispatched_at),
    responded_at: iso(row.responded_at),
    unsubscribed_at: iso(row.unsubscribed_at),
    clicked_at: iso(row.clicked_at),
  };
  return {
    campaign_id: row.campaign_id,
    campaign_title: row.title,
    campaign_status: row.campaign_status as CampaignStatus,
    channel_id: row.channel_id,
    recipient_state: row.state as ContactCampaign["recipient_state"],
    ...(row.skip_reason !== null && { skip_reason: row.skip_reason }),
    ...(row.message_id !== null && { message_id: row.message_id }),
    ...(row.conversation_id !== null && { conversation_id: row.conversation_id }),
    ...Object.fromEntries(Object.entries(times).filter(([, value]) => value !== undefined)),
    updated_at: row.updated_at.toISOString(),
  };
}

/**
 * `GET /v1/contacts/{id}/campaigns` (extension): the campaigns the contact was a recipient of,
 * newest first. An agent (`scope`) sees those sent from their channels only. Rows are read by
 * organization, so another organization's contact has none; core is asked only when there are
 * none, to tell an unknown contact (404) from one no campaign reached.
 */
export async function listCampaignsOfContact(
  deps: Pick<CampaignsDeps, "db" | "audience">,
  organizationId: string,
  contactId: string,
  page: Pagination,
  scope: ChannelScope | undefined,
): Promise<{ data: ContactCampaign[]; total: number }> {
  const { rows, total } = await listContactCampaigns(
    deps.db,
    organizationId,
    contactId,
    scope === undefined ? {} : { channelIds: [...scope] },
    page,
  );
  if (total === 0 && (await deps.audience.get(organizationId, contactId)) === null) {
    throw new NotFoundError("contact");
  }
  return { data: rows.map(toContactCampaign), total };
}
