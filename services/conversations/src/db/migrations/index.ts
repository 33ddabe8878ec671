import { channelProjectionMigration, kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as conversations0001 from "./0001_conversations.js";
import * as conversations0002 from "./0002_email.js";
import * as conversations0003 from "./0003_whatsapp.js";
import * as conversations0006 from "./0006_contact_lookups.js";
import * as conversations0007 from "./0007_message_campaign.js";
import * as conversations0008 from "./0008_tags_and_notes.js";
import * as conversations0009 from "./0009_leads.js";
import * as conversations0010 from "./0010_consent_history_user.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_conversations": conversations0001,
  "0002_email": conversations0002,
  "0003_whatsapp": conversations0003,
  "0005_channel_projection": channelProjectionMigration,
  "0006_contact_lookups": conversations0006,
  "0007_message_campaign": conversations0007,
  "0008_tags_and_notes": conversations0008,
  "0009_leads": conversations0009,
  "0010_consent_history_user": conversations0010,
};
