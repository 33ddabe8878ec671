import { type CommunicationPreference, ConsentSource } from "@relay/domain";
import type { ConsentRow } from "../db/schema.js";

export function toPreference(row: ConsentRow): CommunicationPreference {
  return {
    channel_id: row.channel_id,
    opt_in: row.opt_in,
    updated_at: row.updated_at.toISOString(),
    source: ConsentSource.parse(row.source),
  };
}
