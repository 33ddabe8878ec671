import { type Campaign, ConflictError, NotFoundError, ValidationError } from "@relay/domain";
import { sql, type Transaction } from "kysely";
import { lockCampaign, updateCampaign } from "../db/campaigns.js";
import type { CampaignRow, CampaignsDB, CampaignUpdate } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { campaignChanged } from "./campaign-events.js";
import { previewOf } from "./preview-campaign.js";
import { campaignRow } from "./read-campaigns.js";

type Action = "send" | "pause" | "resume" | "cancel";

/** Which statuses each action starts from. */
const FROM: Record<Action, string[]> = {
  send: ["draft"],
  pause: ["scheduled", "sending"],
  resume: ["paused"],
  cancel: ["draft", "scheduled", "sending", "paused"],
};

/**
 * `POST /v1/campaigns/{id}/send|pause|resume|cancel`. Send checks the whole audience first: a
 * template variable with no value and no `default` for some recipients refuses it (422 naming
 * `body`), as does an audience with nobody to send to. Pause takes effect at the dispatcher's
 * next pass (within a second); resume carries on with the recipients still pending.
 */
export async function changeStatus(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
  action: Action,
): Promise<Campaign> {
  if (action === "send") {
    const row = await campaignRow(deps, organizationId, id);
    if (row.status === "draft") await checkSendable(deps, row); // otherwise the transaction answers the conflict
  }
  return deps.transact((trx) => applyAction(deps, trx, organizationId, id, action));
}

/** The transition itself, in the caller's transaction (the contract route stores its answer with it). */
export async function applyAction(
  deps: CampaignsDeps,
  trx: Transaction<CampaignsDB>,
  organizationId: string,
  id: string,
  action: Action,
): Promise<Campaign> {
  const row = await lockCampaign(trx, organizationId, id);
  if (!row) throw new NotFoundError("campaign");
  if (!FROM[action].includes(row.status)) {
    throw new ConflictError(`a ${row.status} campaign cannot ${action === "send" ? "be sent" : action}`);
  }
  const now = deps.now();
  const patch: CampaignUpdate = {};
  if (action === "send") {
    const later = row.schedule_at !== null && new Date(row.schedule_at) > now;
    patch.status = later ? "scheduled" : "sending";
    if (!later) patch.started_at = now;
  } else if (action === "pause") patch.status = "paused";
  else if (action === "resume") {
    const later = row.schedule_at !== null && new Date(row.schedule_at) > now && row.started_at === null;
    patch.status = later ? "scheduled" : "sending";
  } else {
    patch.status = "cancelled";
    patch.completed_at = now;
    await trx
      .updateTable("campaign_recipients")
      .set({ state: "skipped", skip_reason: "cancelled", updated_at: sql`now()` })
      .where("campaign_id", "=", id)
      .where("state", "=", "pending")
      .execute();
  }
  return campaignChanged(trx, await updateCampaign(trx, id, patch));
}

/** Refuses a send whose audience has a variable without value or default, or nobody to send to (422). */
export async function checkSendable(
  deps: CampaignsDeps,
  row: CampaignRow,
  fields = { audience: "audience" },
): Promise<void> {
  const preview = await previewOf(deps, row, { samples: 0, segments: false });
  const missing = Object.entries(preview.missing_variables);
  if (missing.length > 0) {
    const [variable, count] = missing[0] as [string, number];
    throw ValidationError.field(
      "body",
      `{{${variable}}} has no value for ${count} recipient(s): give it a default ({{${variable} | default: "…"}}) or narrow the audience`,
    );
  }
  if (preview.recipients === 0)
    throw ValidationError.field(fields.audience, "matches nobody who can be sent to");
}
