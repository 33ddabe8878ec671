import type { AudienceContact, Channel } from "@relay/domain";
import type { CampaignRow, NewLink } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { newLinkCode } from "../rules/index.js";
import type { CompiledBody } from "./campaign-template.js";
import { excludedAmong } from "./exclusions.js";
import { PREVIEW_LINK_CODE, trackLinks } from "./link-tracking.js";
import { planRecipient, type RecipientPlan } from "./recipient-plan.js";

// A preview shows a link as it will look, with a code no recipient has: texts stay alike, and nothing is stored.
const previewCode = () => PREVIEW_LINK_CODE;

export interface PlannedRecipient {
  contact: AudienceContact;
  plan: RecipientPlan;
  /** The tracked links in this recipient's text (none when skipped or not tracking). */
  links: NewLink[];
}

/**
 * What a page of the audience becomes, the same for the preview and the send: each contact's
 * plan, then the campaign's exclusions, then the links of those still sendable rewritten to
 * codes of their own (so the preview counts segments of the text that will go out; its links
 * carry one placeholder code, as long as a real one).
 */
export async function planPage(
  deps: CampaignsDeps,
  campaign: CampaignRow,
  channel: Channel,
  template: CompiledBody | undefined,
  contacts: AudienceContact[],
  now: Date,
  options: { preview?: boolean } = {},
): Promise<PlannedRecipient[]> {
  const plans = contacts.map((contact) => ({
    contact,
    plan: planRecipient(campaign, channel, template, contact),
  }));
  const sendable = plans.filter(({ plan }) => !plan.skip).map(({ contact }) => contact.id);
  const excluded = await excludedAmong(deps, campaign, sendable, now);
  return plans.map(({ contact, plan }): PlannedRecipient => {
    const exclusion = plan.skip ? undefined : excluded.get(contact.id);
    if (exclusion) return { contact, plan: { ...plan, skip: exclusion }, links: [] };
    if (plan.skip || !campaign.track_links || plan.text === undefined) return { contact, plan, links: [] };
    const tracked = trackLinks(
      plan.text,
      { campaignId: campaign.id, contactId: contact.id },
      deps.publicBaseUrl,
      options.preview ? previewCode : newLinkCode,
    );
    return { contact, plan: { ...plan, text: tracked.text }, links: tracked.links };
  });
}
