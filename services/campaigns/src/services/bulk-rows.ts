import type { BulkMessage, WhatsAppTemplate } from "@relay/domain";
import type { CampaignRow, RecipientRow } from "../db/schema.js";

/** The bulk path's key for a recipient: the same on every retry, so nobody is sent twice. */
export const recipientKey = (campaignId: string, contactId: string) => `campaign:${campaignId}:${contactId}`;

/** The bulk row a recipient's message is: the campaign's message, the recipient's own text. */
export function bulkRow(campaign: CampaignRow, recipient: RecipientRow): BulkMessage {
  const key = recipientKey(campaign.id, recipient.contact_id);
  const body = recipient.body ?? campaign.body ?? undefined;
  const common = {
    key,
    from: campaign.from,
    contact_id: recipient.contact_id,
    campaign_id: campaign.id,
    campaign_contact_id: recipient.contact_id,
  };
  if (campaign.type === "email") {
    return {
      ...common,
      type: "email",
      subject: campaign.subject ?? "",
      ...(body && { body }),
    } as BulkMessage;
  }
  if (campaign.type === "whatsapp") {
    const template = campaign.template as WhatsAppTemplate | null;
    return { ...common, type: "whatsapp", ...(template ? { template } : { body }) } as BulkMessage;
  }
  const attachments = campaign.attachments;
  return {
    ...common,
    type: "sms",
    ...(body && { body }),
    ...(attachments.length && { attachments }),
  } as BulkMessage;
}
