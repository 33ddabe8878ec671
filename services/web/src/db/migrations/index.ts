import { kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as web0001 from "./0001_web.js";
import * as web0002 from "./0002_live_admin_events.js";
import * as web0003 from "./0003_attempt_kinds.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_web": web0001,
  "0002_live_admin_events": web0002,
  "0003_attempt_kinds": web0003,
};
