import type { Campaign, SendSmsCampaign } from "@relay/domain";
import { type IdempotencyKey, smsTemplateMessage } from "@relay/service-kit";
import type { CampaignsDeps } from "../deps.js";
import { applyAction, checkSendable } from "./change-status.js";
import { draftRow, storeDraft } from "./create-campaign.js";

export interface SmsCampaignAccepted {
  message: string;
  campaign_id: string;
  campaign: Campaign;
}

/**
 * Contract `POST /v1/messaging/sms/campaign`, its body given or a saved template's (`template_id`):
 * the contacts upserted, the campaign checked as a send checks it (422 naming `contacts` or `body`,
 * and nothing stored), then created and sent in one transaction with its `Idempotency-Key`: a
 * retry answers the same campaign, never a second.
 */
export async function sendSmsCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  input: SendSmsCampaign,
  options: {
    idempotency?: IdempotencyKey | undefined;
    contactsField?: string;
    campaignsWithinDays?: number;
  } = {},
): Promise<SmsCampaignAccepted> {
  const contactsField = options.contactsField ?? "contacts";
  const saved = input.template_id
    ? await smsTemplateMessage(deps.templates, organizationId, input.template_id)
    : undefined;
  const body = saved?.body ?? input.body;
  const attachments = input.attachments ?? (saved?.attachments.length ? saved.attachments : undefined);
  const row = await draftRow(
    deps,
    organizationId,
    {
      type: "sms",
      title: input.title ?? `SMS campaign ${deps.now().toISOString().slice(0, 16).replace("T", " ")}`,
      from: input.from,
      body,
      ...(attachments && { attachments }),
      ...(input.schedule_at && { schedule_at: input.schedule_at }),
      audience: {
        contacts: input.contacts,
        ...(options.campaignsWithinDays && {
          exclude: { campaigns_within_days: options.campaignsWithinDays },
        }),
      },
    },
    { contacts: contactsField },
  );
  await checkSendable(deps, row, { audience: contactsField });
  return deps.transact(async (trx) => {
    await storeDraft(trx, row);
    const campaign = await applyAction(deps, trx, organizationId, row.id, "send");
    const message = campaign.status === "scheduled" ? "campaign scheduled" : "campaign accepted for sending";
    return { message, campaign_id: campaign.id, campaign };
  }, options.idempotency && { idempotency: options.idempotency });
}
