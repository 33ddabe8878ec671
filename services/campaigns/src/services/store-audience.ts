import { sql } from "kysely";
import { insertLinks, insertRecipients } from "../db/recipients.js";
import type { CampaignRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { type AudiencePhase, nextAudiencePage } from "./audience-pages.js";
import { campaignChannel } from "./campaign-channel.js";
import { compileBody, propertyKeysOf } from "./campaign-template.js";
import { planPage } from "./plan-page.js";
import { recipientRow } from "./recipient-plan.js";

/**
 * Stores the next page of a campaign's audience as recipients, in one transaction with the
 * position it reached: a crash repeats at most that page, whose rows are unique per contact
 * (and only the recipients it adds store their tracked links).
 * Memory holds one page, whatever the audience's size. Returns how many contacts it read.
 */
export async function storeAudiencePage(deps: CampaignsDeps, campaignId: string): Promise<number> {
  return deps.transact(async (trx) => {
    const locked = await sql<CampaignRow>`
      select * from campaigns where id = ${campaignId} and status in ('scheduled', 'sending')
        and audience_phase <> 'done' for update skip locked`.execute(trx);
    const row = locked.rows[0];
    if (!row) return 0;
    const channel = await campaignChannel(deps, row.organization_id, {
      type: row.type as "sms",
      channel_id: row.channel_id,
    });
    const template = compileBody(row.body);
    const step = await nextAudiencePage(
      deps,
      row,
      { phase: row.audience_phase as AudiencePhase, cursor: row.audience_cursor },
      propertyKeysOf(template),
    );
    const now = deps.now();
    const planned = await planPage(deps, row, channel, template, step.contacts, now);
    const added = await insertRecipients(
      trx,
      planned.map(({ contact, plan }) => recipientRow(row, contact, plan, now)),
    );
    const links = planned.flatMap((p) => (added.has(p.contact.id) ? p.links : []));
    await insertLinks(trx, links);
    await trx
      .updateTable("campaigns")
      .set({
        audience_phase: step.phase,
        audience_cursor: step.cursor,
      })
      .where("id", "=", row.id)
      .execute();
    return Math.max(1, step.contacts.length);
  });
}
