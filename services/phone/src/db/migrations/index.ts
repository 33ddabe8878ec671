import { channelProjectionMigration, kitMigrations, sendLedgerMigration } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as phone0001 from "./0001_phone.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_phone": phone0001,
  "0002_send_ledger": sendLedgerMigration,
  "0003_channel_projection": channelProjectionMigration,
};
