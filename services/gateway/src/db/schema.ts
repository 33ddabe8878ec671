import type { ColumnType } from "kysely";

export interface IdempotencyKeysTable {
  organization_id: string;
  key: string;
  /** sha256 of method, path and body: the same key with another request is refused. */
  request_hash: string;
  state: "in_progress" | "done";
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: ColumnType<Date, Date | undefined, Date>;
  completed_at: Date | null;
}

export interface GatewayDB {
  idempotency_keys: IdempotencyKeysTable;
}
