import { channelProjectionMigration, kitMigrations, sendLedgerMigration } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as whatsapp0001 from "./0001_whatsapp.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_whatsapp": whatsapp0001,
  "0002_send_ledger": sendLedgerMigration,
  "0003_channel_projection": channelProjectionMigration,
};
