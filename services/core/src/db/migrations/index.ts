import { kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as core0001 from "./0001_core.js";
import * as core0002 from "./0002_channel_help_text.js";
import * as core0003 from "./0003_channel_voice_forwarding.js";
import * as core0004 from "./0004_contact_audience_indexes.js";
import * as core0005 from "./0005_tags.js";
import * as core0006 from "./0006_custom_objects.js";
import * as core0007 from "./0007_message_templates.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_core": core0001,
  "0002_channel_help_text": core0002,
  "0003_channel_voice_forwarding": core0003,
  "0004_contact_audience_indexes": core0004,
  "0005_tags": core0005,
  "0006_custom_objects": core0006,
  "0007_message_templates": core0007,
};
