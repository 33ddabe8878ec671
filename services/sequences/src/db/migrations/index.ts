import { channelProjectionMigration, kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as sequences0001 from "./0001_sequences.js";
import * as sequences0003 from "./0003_collect_and_takeover.js";
import * as sequences0004 from "./0004_channel_types.js";
import * as sequences0005 from "./0005_webhook_steps.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_sequences": sequences0001,
  "0002_channel_projection": channelProjectionMigration,
  "0003_collect_and_takeover": sequences0003,
  "0004_channel_types": sequences0004,
  "0005_webhook_steps": sequences0005,
};
