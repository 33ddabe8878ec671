import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  AudienceExclusions,
  Campaign,
  CampaignAnalytics,
  CampaignAudience,
  CampaignContact,
  CreateCampaign,
  DuplicateCampaign,
  dataOf,
  listOf,
  MAX_INLINE_CONTACTS,
  SendSmsCampaign,
  SendSmsCampaignTo,
  UpdateCampaign,
  UpsertContactRow,
} from "@relay/domain";
import { component, described, z } from "./zod.js";

const TEMPLATE =
  'A Liquid template: `{{contact.first_name | default: "there"}}` prints `contact.first_name`, ' +
  "`last_name`, `name`, `phone`, `email`, `external_id` or `properties.<key>`, with the filters " +
  "`default`, `upcase`, `downcase`, `capitalize`, `strip` and `truncate`; anything else is a 422 " +
  "naming `body`.";

/** The create's fields; the update replaces the texts whose rules differ there. */
const MESSAGE_FIELDS = {
  type: "`sms` (default), `email` or `whatsapp`.",
  from: "The channel by its address (phone number, email address or WhatsApp number); exactly one of `from` and `channel_id`. 422 when it is not a channel of yours of the campaign's type.",
  channel_id: "The channel by id; exactly one of `from` and `channel_id`.",
  body: `${TEMPLATE} At most 1,000 characters for SMS. Required (or \`attachments\`) for SMS and email; for WhatsApp, exactly one of \`body\` and \`template\`.`,
  subject: "Email campaigns: required.",
  attachments: "Media URLs (MMS, email attachments, WhatsApp media).",
  template: "WhatsApp campaigns only: an approved template instead of `body`.",
  schedule_at: "When sending starts, once sent (`POST /campaigns/{id}/send`); must be in the future (422).",
  sending_window:
    "Local hours recipients may be sent to, `start` included, `end` excluded, read in each recipient's zone (their phone number's, else the channel's); default 08:00–21:00. Recipients outside it wait for it to open.",
  attribution_window_hours:
    "Replies and opt-outs this long after a recipient's message count for the campaign (1–720, default 72).",
  track_links:
    "Default true: each http(s) link in the body is rewritten, per recipient, to `PUBLIC_BASE_URL/l/{code}`, which redirects to it and counts the recipient's click (`link_clicks`).",
};

const EXCLUSIONS = {
  campaigns_within_days:
    "Skip contacts sent another campaign of your organization within this many days (1–365); skip reason `recent_campaign`.",
  replied_within_hours:
    "Skip contacts who sent your organization any inbound message within this many hours (1–720); skip reason `recently_replied`.",
};

/** The campaign components, registered once; the paths in campaigns.ts reference them. */
export function registerCampaignSchemas(registry: OpenAPIRegistry) {
  // Inline contacts are checked row by row as `PUT /contacts/upsert` checks them; the domain
  // reads them as unknown[] so that a bad row is named `<field>.<i>.<name>`.
  const contactRow = component(registry, "UpsertContactRow", UpsertContactRow);
  const inlineContacts = z.array(contactRow).max(MAX_INLINE_CONTACTS).optional().openapi({
    description:
      "Contacts upserted into your contacts first (keyed on external_id, phone or email, as `PUT /contacts/upsert`), then included. A bad row refuses the whole request (422 naming `audience.contacts.<i>.<field>`).",
  });
  const exclude = described(AudienceExclusions, EXCLUSIONS)
    .optional()
    .openapi({ description: "Contacts left out although the audience names them." });
  const audience = described(CampaignAudience.safeExtend({ contacts: inlineContacts, exclude }), {
    contact_ids: "Contacts by id.",
    tags: "Contacts with any of these tags.",
    properties: "Contacts whose property equals each value given.",
  }).openapi({
    description:
      "Who receives it: every filter given (`contact_ids`, `tags` or `tag_ids` — any of those tags —, `properties`) must match, plus any inline `contacts`. A create needs a filter or contacts (422 naming `audience`); no filter never means everyone.",
  });

  const create = component(
    registry,
    "CreateCampaignRequest",
    described(CreateCampaign.safeExtend({ audience: audience }), MESSAGE_FIELDS),
  );
  const update = component(
    registry,
    "UpdateCampaignRequest",
    described(UpdateCampaign.safeExtend({ audience: audience.optional() }), {
      ...MESSAGE_FIELDS,
      type: "Changing it finds the channel again, by `channel_id`, `from` or the current address.",
      from: "Another channel by its address (`channel_id` wins when both are given).",
      channel_id: "Another channel by id.",
      body: TEMPLATE,
      subject: "The email subject.",
      template: "An approved WhatsApp template.",
      track_links: "Whether links in the body are rewritten to tracked `/l/{code}` links.",
      audience:
        "Filters given replace the stored filter as a whole (none given: kept); `contacts` given replace the inline contacts (none: kept); `exclude` given replaces the exclusions (`{}` removes them).",
    }),
  );

  const campaign = component(
    registry,
    "Campaign",
    described(Campaign, {
      campaign_id: "Contract field: the same as `id`.",
      campaign_title: "Contract field: the same as `title`.",
      sent_messages: "Recipients handed to the channel: queued, sent, delivered or failed.",
      slated_messages: "Recipients still pending.",
      failed_deliveries: "Recipients whose message failed.",
      responses: "Recipients who replied within the attribution window.",
      link_clicks: "Recipients who opened one of their tracked links at least once.",
      unsubscribes: "Recipients who opted out within the attribution window.",
      from: "The channel's address.",
      audience:
        "The filters as given, `contacts`: how many inline contacts were given, and `exclude` as given.",
      schedule_at: "When sending starts (not copied by `duplicate`).",
      track_links: "Whether links in the body are rewritten to tracked `/l/{code}` links.",
      recipients: "Recipients by state: every one of pending, queued, sent, delivered, failed and skipped.",
      skipped:
        "Skipped recipients by reason: `no_address`, `missing_variable`, `recent_campaign`, `recently_replied`, `cancelled`, or the send's refusal code (`opted_out`, `hard_bounced`, `outside_window`, `validation_failed`, …).",
      audience_loaded:
        "Whether every recipient of the audience has been stored (a large audience is stored page by page once sent).",
    }),
  );
  const recipient = component(
    registry,
    "CampaignContact",
    described(CampaignContact, {
      id: "The contact's id.",
      recipient_state:
        "Where the recipient stands in this campaign; named apart from the contract's `Contact.state` (the contact's own open/archived/blocked).",
      skip_reason: "Why a `skipped` recipient was skipped (the reasons of the campaign's `skipped`).",
      time_zone: "The zone the sending window is read in for this recipient.",
      not_before: "While pending: not sent before this time (the schedule, or the window's next opening).",
      responded_at: "When the recipient first replied within the attribution window.",
      unsubscribed_at: "When the recipient opted out within the attribution window.",
      clicked_at: "When the recipient first opened one of their tracked links.",
    }),
  );

  return {
    campaign,
    create,
    update,
    one: component(registry, "CampaignResponse", dataOf(campaign)),
    list: component(registry, "CampaignList", listOf(campaign)),
    recipients: component(registry, "CampaignContactList", listOf(recipient)),
    preview: component(registry, "CampaignPreview", CampaignPreview),
    duplicate: component(registry, "DuplicateCampaignRequest", DuplicateCampaign),
    analytics: component(registry, "CampaignAnalyticsResponse", dataOf(CampaignAnalytics)),
    sendSmsTo: component(
      registry,
      "SendSmsCampaignToRequest",
      described(SendSmsCampaignTo, {
        to:
          "1–10,000 recipients: phone numbers (a string may hold several, comma-separated) or contact rows " +
          "(`first_name` + `last_name` make `name` when it is absent; `custom_a`, `custom_b`, `custom_c` become " +
          "properties; empty strings are absent); upserted as `contacts` are (422 naming `to.<i>.<field>`).",
        exclude:
          "`lastCampaign` (days) leaves out contacts sent another campaign in that many days; `openConversation` is accepted and not acted on.",
        attachments:
          "Attachment URLs; `null`s and nested lists (as Whippy's piece writes them) are read as absent and flattened.",
        automation_templates: "Accepted and ignored.",
        custom_data: "Accepted and ignored.",
      }),
    ),
    sendSms: component(
      registry,
      "SendCampaignRequest",
      described(
        SendSmsCampaign.safeExtend({
          contacts: z.array(contactRow).min(1).max(MAX_INLINE_CONTACTS),
        }),
        {
          from: "Phone number of one of your phone channels (422 naming `from` otherwise).",
          title: 'Default: "SMS campaign YYYY-MM-DD HH:MM" (UTC, when received).',
          body: `${TEMPLATE} 1–1,000 characters. Required unless \`template_id\` is given (exactly one of the two).`,
          template_id:
            "(extension) A message template's id (`/automations/templates`) instead of `body`: its message is " +
            "the body, and its attachments are sent unless `attachments` is given. An id that is not one of your " +
            "templates, or an email or WhatsApp template, is a 422 naming `template_id`.",
          schedule_at: "Must be in the future (422); the campaign is then `scheduled`.",
          contacts:
            "1–10,000 contacts, upserted first (keyed on external_id, phone or email, as `PUT /contacts/upsert`); a bad row refuses the whole request (422 naming `contacts.<i>.<field>`). Contacts without a phone are skipped (`no_address`).",
        },
      ),
    ),
  };
}

const count = (description: string) => z.int().min(0).openapi({ description });

/**
 * `GET /campaigns/{id}/preview`'s `data`: written here because the campaigns service declares
 * it as a TypeScript interface (`CampaignPreview` in services/preview-campaign.ts), not in zod.
 */
const CampaignPreview = z.object({
  audience: count("Distinct contacts the audience names."),
  recipients: count("Who would be sent to, after every exclusion below."),
  duplicates: count("Contacts named more than once (inline twice, or inline and by a filter), counted once."),
  excluded: z
    .object({
      opted_out: count("Opted out of the campaign's channel."),
      no_address: count("Without a phone (SMS, WhatsApp) or an email address (email)."),
      missing_variable: count("A template variable without a value and without a `default`."),
      recent_campaign: count("Sent another campaign within `audience.exclude.campaigns_within_days`."),
      recently_replied: count("Sent an inbound message within `audience.exclude.replied_within_hours`."),
    })
    .openapi({ description: "Contacts of the audience that would be skipped, by reason." }),
  missing_variables: z
    .record(z.string(), z.int())
    .openapi({ description: "Each variable without a value and without a default, with how many lack it." }),
  samples: z
    .array(
      z.object({
        contact_id: z.uuid(),
        name: z.string().optional(),
        to: z.string().openapi({ description: "The phone number or email address it would go to." }),
        text: z.string().optional().openapi({
          description:
            "The rendered body; with `track_links`, links show as `/l/{code}` links whose codes are examples, not live.",
        }),
        segments: z.int().optional().openapi({ description: "SMS: segments of this text." }),
      }),
    )
    .openapi({ description: "Up to 3 recipients' messages as they would be sent." }),
  segments: z
    .object({
      encoding: z.enum(["GSM-7", "UCS-2"]),
      per_message: z.int().openapi({ description: "Segments of the largest rendering." }),
      total: z.int().openapi({ description: "Segments over every recipient." }),
    })
    .optional()
    .openapi({ description: "SMS with recipients only; `encoding` is the largest rendering's." }),
  send_rate: z.number().openapi({ description: "The channel's messages per second." }),
  estimated_duration_seconds: count("Recipients ÷ send rate, not counting waits for the sending window."),
  estimated_start: z.iso
    .datetime()
    .openapi({ description: "The schedule (or now), moved to the next opening of the sending window." }),
  estimated_finish: z.iso.datetime().openapi({ description: "The finish, sending only inside the window." }),
  estimate_time_zone: z.string().openapi({
    description:
      "The zone the estimate reads the window in (the channel's); each recipient waits for their own.",
  }),
});
