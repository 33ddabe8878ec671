import { channelProjectionMigration, kitMigrations, sendLedgerMigration } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as email0001 from "./0001_email.js";
import * as email0003 from "./0003_ledger_header.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_email": email0001,
  "0002_send_ledger": sendLedgerMigration,
  "0003_ledger_header": email0003,
  "0004_channel_projection": channelProjectionMigration,
};
