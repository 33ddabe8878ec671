import { channelProjectionMigration, kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as campaigns0001 from "./0001_campaigns.js";
import * as campaigns0003 from "./0003_links_and_exclusions.js";
import * as campaigns0004 from "./0004_recipients_by_contact.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_campaigns": campaigns0001,
  "0002_channel_projection": channelProjectionMigration,
  "0003_links_and_exclusions": campaigns0003,
  "0004_recipients_by_contact": campaigns0004,
};
