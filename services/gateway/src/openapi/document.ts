import { OpenAPIRegistry, OpenApiGeneratorV3 } from "@asteasolutions/zod-to-openapi";
import { registerAdmin } from "./admin.js";
import { registerApiKeys } from "./api-keys.js";
import { registerCampaigns, registerContactCampaigns } from "./campaigns.js";
import { registerChannels } from "./channels.js";
import { registerCommon } from "./common.js";
import { registerContacts } from "./contacts.js";
import { registerConsent, registerConversations, registerMessaging } from "./conversations.js";
import { registerCustomObjects } from "./custom-objects.js";
import { apiDescription } from "./description.js";
import { registerLeads } from "./leads.js";
import { registerMessageTemplates } from "./message-templates.js";
import { registerOrganization } from "./organization.js";
import { registerSequences } from "./sequences.js";
import { registerTags } from "./tags.js";
import { registerTeams } from "./teams.js";
import { registerUsers } from "./users.js";
import { registerWebhooks } from "./webhooks.js";

export interface OpenApiOptions {
  /** Where clients reach the gateway; the API's server is `<this>/v1`. */
  publicBaseUrl: string;
}

/** The public API's OpenAPI 3.0 document, generated from the zod schemas in @relay/domain. */
export function buildOpenApiDocument(options: OpenApiOptions) {
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  const registry = new OpenAPIRegistry();
  registerCommon(registry);
  registerContacts(registry);
  registerConsent(registry);
  registerMessaging(registry);
  registerConversations(registry);
  registerLeads(registry);
  registerCampaigns(registry, base);
  registerContactCampaigns(registry);
  registerSequences(registry);
  registerWebhooks(registry);
  registerChannels(registry);
  registerUsers(registry);
  registerTags(registry);
  registerCustomObjects(registry);
  registerMessageTemplates(registry);
  registerTeams(registry);
  registerApiKeys(registry);
  registerOrganization(registry);
  registerAdmin(registry, base);

  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: "3.0.3",
    info: {
      title: "Relay Messaging API",
      version: "1.0",
      description: apiDescription(base),
      license: { name: "Apache-2.0" },
    },
    servers: [{ url: `${base}/v1`, description: "API v1" }],
    security: [{ WhippyApiKey: [] }, { BearerAuth: [] }],
    tags: [
      { name: "Messaging", description: "Send SMS / MMS." },
      { name: "Contacts", description: "Manage contacts and their communication preferences." },
      { name: "Conversations", description: "The shared inbox: conversations and their messages." },
      {
        name: "Leads",
        description:
          "Contacts handed in by integrations (job boards, web forms), each opening a conversation.",
      },
      {
        name: "Campaigns",
        description:
          "One message to many contacts, personalized, paced and sent inside each recipient's hours. " +
          "Status: `draft` → `scheduled` | `sending` → `completed`; `paused` and `cancelled` on request.",
      },
      {
        name: "Sequences",
        description:
          "Automated follow-ups: `send`, `wait_for_reply`, `branch` and `end` steps, versioned on each update; " +
          "each enrolled contact gets a run that follows the version it was enrolled on. " +
          "Status: `draft` → `active` ⇄ `archived`; a run is `active`, then `completed` or `stopped`.",
      },
      {
        name: "Webhooks",
        description:
          "Outbound webhooks (developer applications and endpoints, signed deliveries, their log, retry and replay) and custom events.",
      },
      { name: "Channels", description: "Phone numbers, email addresses and WhatsApp numbers you talk from." },
      { name: "Users", description: "People of your organization." },
      { name: "Teams", description: "Groups of users." },
      {
        name: "Tags",
        description:
          "Labels on contacts (`tags` by name, `contact_tags` as objects), with a color and a state.",
      },
      {
        name: "Custom objects",
        description:
          "Your own data types (Whippy's custom data): definitions with typed properties, and records of them, upserted by external id or contact.",
      },
      {
        name: "Message templates",
        description:
          "Saved messages with `{{contact.…}}` variables, for the composer, campaigns and sequences (Whippy's `/automations/templates`).",
      },
      { name: "API keys", description: "Your organization's API keys." },
      { name: "Organization", description: "The organization an API key belongs to." },
      { name: "Admin", description: "Operator routes, authenticated with the admin token." },
    ],
  });
}
