import {
  type BulkOutcome,
  CampaignContactUpdated,
  MAX_BULK_MESSAGES,
  type QuietHoursWindow,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { sql, type Transaction } from "kysely";
import { advanceManyByMessage, duePending, hasPending, takeEarlyStatuses } from "../db/recipients.js";
import type { CampaignRow, CampaignsDB, RecipientRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { isInsideWindow, nextWindowStart } from "../rules/index.js";
import { announce } from "./apply-outcomes.js";
import { bulkRow } from "./bulk-rows.js";
import { campaignChanged } from "./campaign-events.js";
import { toCampaignContact } from "./campaign-view.js";
import { openPacing } from "./pacing.js";

/**
 * Hands a sending campaign's due recipients to the bulk path, as many as the channel's pacing
 * allows now, in one transaction with the campaign row locked (one dispatcher per campaign at a
 * time, on any instance). Recipients outside the sending window in their own zone wait for it
 * to open. A crash after the bulk call repeats it with the same keys: conversations answers what
 * it stored and sends nothing twice. Returns how many it handed over.
 */
export async function dispatchCampaign(deps: CampaignsDeps, campaignId: string): Promise<number> {
  return deps.transact(async (trx) => {
    const locked = await sql<CampaignRow>`
      select * from campaigns where id = ${campaignId} and status = 'sending' for update skip locked`.execute(
      trx,
    );
    const campaign = locked.rows[0];
    if (!campaign) return 0;
    const now = deps.now();
    const channel = await deps.channels.channel(campaign.organization_id, campaign.channel_id);
    const pacing = await openPacing(trx, channel.id, channel.send_rate, now);
    const due =
      pacing.available > 0
        ? await duePending(trx, campaign.id, now, Math.min(pacing.available, MAX_BULK_MESSAGES))
        : [];
    const window = { start: campaign.window_start, end: campaign.window_end };
    const inside = due.filter((r) => isInsideWindow(now, r.time_zone, window));
    await postponeOutsideWindow(
      trx,
      campaign.id,
      due.filter((r) => !inside.includes(r)),
      now,
      window,
    );
    if (inside.length > 0) {
      const result = await deps.bulk.send(
        campaign.organization_id,
        inside.map((r) => bulkRow(campaign, r)),
      );
      await pacing.take(inside.length);
      await recordOutcomes(trx, campaign, inside, result.results, now);
    }
    if (campaign.audience_phase === "done" && !(await hasPending(trx, campaign.id))) {
      const done = await trx
        .updateTable("campaigns")
        .set({ status: "completed", completed_at: now, updated_at: sql`now()` })
        .where("id", "=", campaign.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await campaignChanged(trx, done);
    }
    return inside.length;
  });
}

/** Recipients whose local time is outside the window wait until it opens (one statement per zone). */
async function postponeOutsideWindow(
  trx: Transaction<CampaignsDB>,
  campaignId: string,
  rows: RecipientRow[],
  now: Date,
  window: QuietHoursWindow,
): Promise<void> {
  const byZone = new Map<string, string[]>();
  for (const row of rows) {
    const contacts = byZone.get(row.time_zone) ?? [];
    contacts.push(row.contact_id);
    byZone.set(row.time_zone, contacts);
  }
  for (const [zone, contacts] of byZone) {
    await trx
      .updateTable("campaign_recipients")
      .set({ not_before: nextWindowStart(now, zone, window) })
      .where("campaign_id", "=", campaignId)
      .where("contact_id", "in", contacts)
      .execute();
  }
}

/** Each row's outcome in one statement: queued with its message, or skipped with the reason it was refused. */
async function recordOutcomes(
  trx: Transaction<CampaignsDB>,
  campaign: CampaignRow,
  rows: RecipientRow[],
  outcomes: BulkOutcome[],
  now: Date,
): Promise<void> {
  const values = rows.map((row, index) => {
    const outcome = outcomes[index];
    const refused = !outcome || outcome.status === "refused";
    return sql`(${row.contact_id}::uuid, ${refused ? "skipped" : "queued"}, ${refused ? (outcome?.error?.code ?? "refused") : null}::text,
      ${refused ? null : (outcome?.id ?? null)}::uuid, ${refused ? null : (outcome?.conversation_id ?? null)}::uuid)`;
  });
  const updated = await sql<RecipientRow>`
    update campaign_recipients r set state = v.state, skip_reason = v.reason, message_id = v.message_id,
      conversation_id = v.conversation_id, dispatched_at = case when v.message_id is null then null else ${now}::timestamptz end,
      updated_at = now()
    from (values ${sql.join(values)}) as v(contact_id, state, reason, message_id, conversation_id)
    where r.campaign_id = ${campaign.id} and r.contact_id = v.contact_id
    returning r.*`.execute(trx);
  await enqueue(
    trx,
    ...updated.rows.map((row) =>
      newEvent(CampaignContactUpdated, campaign.organization_id, {
        ...toCampaignContact(row),
        campaign_id: campaign.id,
      }),
    ),
  );
  // Statuses that raced ahead of this commit (the provider answered before we stored the message id).
  const early = await takeEarlyStatuses(
    trx,
    updated.rows.flatMap((row) => (row.message_id ? [row.message_id] : [])),
  );
  await announce(
    trx,
    await advanceManyByMessage(
      trx,
      early.map((status) => ({ id: status.message_id, state: status.state })),
    ),
  );
}
