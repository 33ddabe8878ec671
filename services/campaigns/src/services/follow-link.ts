import { CampaignContactUpdated } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { CampaignsDeps } from "../deps.js";
import { toCampaignContact } from "./campaign-view.js";
import { isLinkCode } from "./link-tracking.js";

/**
 * `GET /l/{code}`: the target stored for the code (never one the request names, so no open
 * redirect), or undefined. A recipient's first click is stamped on the recipient, with its
 * `campaign_contact.updated` event; later clicks, on any of its links, count nothing more.
 */
export async function followLink(
  deps: CampaignsDeps,
  code: string,
  options: { count: boolean },
): Promise<string | undefined> {
  if (!isLinkCode(code)) return undefined;
  const link = await deps.db
    .selectFrom("campaign_links")
    .select(["target", "campaign_id", "contact_id"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!link || !options.count) return link?.target;
  await deps.transact(async (trx) => {
    const first = await trx
      .updateTable("campaign_recipients")
      .set({ clicked_at: deps.now() })
      .where("campaign_id", "=", link.campaign_id)
      .where("contact_id", "=", link.contact_id)
      .where("clicked_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (first)
      await enqueue(
        trx,
        newEvent(CampaignContactUpdated, first.organization_id, {
          ...toCampaignContact(first),
          campaign_id: link.campaign_id,
        }),
      );
  });
  return link.target;
}
