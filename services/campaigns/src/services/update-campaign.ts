import {
  type Campaign,
  CampaignMessageFields,
  ConflictError,
  NotFoundError,
  parseOrThrow,
  type UpdateCampaign,
  ValidationError,
} from "@relay/domain";
import { upsertContactRows } from "@relay/service-kit";
import { lockCampaign, updateCampaign } from "../db/campaigns.js";
import type { CampaignUpdate } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { campaignChannel, channelAddress } from "./campaign-channel.js";
import { campaignChanged } from "./campaign-events.js";
import { compileBody } from "./campaign-template.js";
import { storedAudience } from "./campaign-view.js";
import { campaignRow } from "./read-campaigns.js";

const notDraft = (status: string) => new ConflictError(`a ${status} campaign cannot be edited, only a draft`);
const optional = (field: string, value: unknown) =>
  value === null || value === undefined ? {} : { [field]: value };

/**
 * `PUT /v1/campaigns/{id}`: only a draft changes; fields not given are kept, and the result must
 * satisfy the create's rules (an email keeps a subject, a template stays WhatsApp's…). Refusals
 * (404, 409, 422) come before anything is written, inline contacts included.
 */
export async function editCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
  input: UpdateCampaign,
): Promise<Campaign> {
  const current = await campaignRow(deps, organizationId, id);
  if (current.status !== "draft") throw notDraft(current.status);
  parseOrThrow(CampaignMessageFields, {
    type: input.type ?? current.type,
    ...(input.channel_id ? { channel_id: input.channel_id } : { from: input.from ?? current.from }),
    ...optional("body", input.body ?? current.body),
    ...optional("subject", input.subject ?? current.subject),
    attachments: input.attachments ?? current.attachments,
    ...optional("template", input.template ?? current.template),
  });
  const patch: CampaignUpdate = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.body !== undefined) {
    compileBody(input.body);
    patch.body = input.body;
  }
  if (input.subject !== undefined) patch.subject = input.subject;
  if (input.attachments !== undefined) patch.attachments = JSON.stringify(input.attachments);
  if (input.template !== undefined) patch.template = JSON.stringify(input.template);
  if (input.schedule_at !== undefined) {
    if (new Date(input.schedule_at) <= deps.now())
      throw ValidationError.field("schedule_at", "must be in the future");
    patch.schedule_at = input.schedule_at;
  }
  if (input.sending_window) {
    patch.window_start = input.sending_window.start;
    patch.window_end = input.sending_window.end;
  }
  if (input.attribution_window_hours !== undefined) patch.attribution_hours = input.attribution_window_hours;
  if (input.track_links !== undefined) patch.track_links = input.track_links;
  const inline = input.audience?.contacts?.length
    ? await upsertContactRows(deps.audience, organizationId, input.audience.contacts, "audience.contacts")
    : undefined;
  return deps.transact(async (trx) => {
    const row = await lockCampaign(trx, organizationId, id);
    if (!row) throw new NotFoundError("campaign");
    if (row.status !== "draft") throw notDraft(row.status);
    if (input.channel_id !== undefined || input.from !== undefined || input.type !== undefined) {
      const channel = await campaignChannel(deps, organizationId, {
        type: input.type ?? (row.type as UpdateCampaign["type"] & string),
        ...(input.channel_id ? { channel_id: input.channel_id } : { from: input.from ?? row.from }),
      });
      patch.channel_id = channel.id;
      patch.from = channelAddress(channel);
      if (input.type) patch.type = input.type;
    }
    if (input.audience) {
      const { contacts, exclude, ...filter } = input.audience;
      const hasFilter = Object.keys(filter).length > 0;
      const current = storedAudience(row);
      const exclusions = exclude ?? current.exclude;
      patch.audience = JSON.stringify({
        filter: hasFilter ? filter : current.filter,
        inline_ids: inline ?? current.inline_ids,
        ...(exclusions && { exclude: exclusions }),
      });
      if (inline) patch.inline_contacts = input.audience.contacts?.length ?? null;
    }
    return campaignChanged(trx, await updateCampaign(trx, id, patch));
  });
}
