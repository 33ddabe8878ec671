import { kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as webhooks0001 from "./0001_webhooks.js";
import * as webhooks0002 from "./0002_sealed_secrets.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_webhooks": webhooks0001,
  "0002_sealed_secrets": webhooks0002,
};
