import { kitMigrations } from "@relay/service-kit";
import type { Migration } from "kysely";
import * as idempotency from "./0001_idempotency.js";
import * as dropIdempotency from "./0002_drop_idempotency.js";

/** Applied in key order, once each. Never edit a migration that has shipped: add one. */
export const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_idempotency": idempotency,
  "0002_drop_idempotency": dropIdempotency,
};
