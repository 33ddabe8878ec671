import { type Campaign, type CreateCampaign, DEFAULT_SENDING_WINDOW, ValidationError } from "@relay/domain";
import { type IdempotencyKey, upsertContactRows } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { insertCampaign } from "../db/campaigns.js";
import type { CampaignRow, CampaignsDB } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { campaignChannel, channelAddress } from "./campaign-channel.js";
import { campaignChanged } from "./campaign-events.js";
import { compileBody } from "./campaign-template.js";

export const DEFAULT_ATTRIBUTION_HOURS = 72;

/** `POST /v1/campaigns`: a draft, stored with its `Idempotency-Key` when it has one. */
export async function createCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  input: CreateCampaign,
  idempotency?: IdempotencyKey,
): Promise<Campaign> {
  const row = await draftRow(deps, organizationId, input);
  return deps.transact((trx) => storeDraft(trx, row), idempotency && { idempotency });
}

/**
 * The row a draft is, not yet stored: its channel and body checked, inline contacts upserted in
 * core (an upsert, so building it again after a failure changes nothing).
 */
export async function draftRow(
  deps: CampaignsDeps,
  organizationId: string,
  input: CreateCampaign,
  fields = { contacts: "audience.contacts" },
): Promise<CampaignRow> {
  const channel = await campaignChannel(deps, organizationId, input);
  compileBody(input.body);
  const { contacts, exclude, ...filter } = input.audience;
  const hasFilter =
    filter.contact_ids !== undefined ||
    filter.tags !== undefined ||
    filter.tag_ids !== undefined ||
    filter.properties !== undefined;
  if (!hasFilter && !contacts?.length) {
    throw ValidationError.field("audience", "name contact_ids, tags, tag_ids, properties or contacts");
  }
  const now = deps.now();
  if (input.schedule_at && new Date(input.schedule_at) <= now) {
    throw ValidationError.field("schedule_at", "must be in the future");
  }
  const inlineIds = contacts?.length
    ? await upsertContactRows(deps.audience, organizationId, contacts, fields.contacts)
    : [];
  const window = input.sending_window ?? DEFAULT_SENDING_WINDOW;
  return {
    id: crypto.randomUUID(),
    organization_id: organizationId,
    title: input.title,
    status: "draft",
    type: input.type,
    channel_id: channel.id,
    from: channelAddress(channel),
    body: input.body ?? null,
    subject: input.subject ?? null,
    attachments: input.attachments ?? [],
    template: input.template ?? null,
    audience: { filter: hasFilter ? filter : null, inline_ids: inlineIds, ...(exclude && { exclude }) },
    inline_contacts: contacts?.length ? contacts.length : null,
    schedule_at: input.schedule_at ? new Date(input.schedule_at) : null,
    window_start: window.start,
    window_end: window.end,
    attribution_hours: input.attribution_window_hours ?? DEFAULT_ATTRIBUTION_HOURS,
    audience_phase: "inline",
    audience_cursor: null,
    track_links: input.track_links ?? true,
    started_at: null,
    completed_at: null,
    // Wall-clock stamps; the stored row takes the database's.
    created_at: new Date(),
    updated_at: new Date(),
  };
}

/** Stores a draft built by `draftRow`, with its `campaigns.campaign.created` event. */
export async function storeDraft(trx: Transaction<CampaignsDB>, row: CampaignRow): Promise<Campaign> {
  const { created_at: _created, updated_at: _updated, ...values } = row;
  const stored = await insertCampaign(trx, {
    ...values,
    attachments: JSON.stringify(row.attachments),
    template: row.template === null ? null : JSON.stringify(row.template),
    audience: JSON.stringify(row.audience),
  });
  return campaignChanged(trx, stored, true);
}
