import type { Channel, SequenceSettings, StoredStep, WebhookCallRecord } from "@relay/domain";
import type { Sealed } from "@relay/service-kit";
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type SecretColumn = ColumnType<Sealed | null, string | null | undefined, string | null>;
type ChannelTypeColumn = ColumnType<Channel["type"], Channel["type"] | undefined, Channel["type"]>;

export interface SequencesTable {
  id: string;
  organization_id: string;
  title: string;
  status: string;
  /** The version new runs start on: the latest. */
  version: number;
  channel_id: string;
  /** The kind of channel it sends on: `phone`, `email` or `whatsapp`. */
  channel_type: ChannelTypeColumn;
  from: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Signs its webhook steps' calls: sealed (the kit's cipher), bound to the sequence's id. */
  webhook_secret: SecretColumn;
  /** The secret before the last rotation: it signs beside the new one until it expires. */
  previous_webhook_secret: SecretColumn;
  previous_webhook_secret_expires_at: NullableTimestamp;
}

export interface SequenceVersionsTable {
  sequence_id: string;
  version: number;
  steps: Json<StoredStep[]>;
  settings: Json<SequenceSettings>;
  created_at: Timestamp;
}

export interface SequenceRunsTable {
  id: string;
  organization_id: string;
  sequence_id: string;
  version: number;
  contact_id: string;
  channel_id: string;
  /** The kind of channel the run sends on: its bulk rows' type. */
  channel_type: ChannelTypeColumn;
  from: string;
  status: string;
  stop_reason: string | null;
  current_step_id: string | null;
  /** The contact's latest reply on the run's channel while it ran: what a branch reads. */
  last_reply: string | null;
  last_reply_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: NullableTimestamp;
  /** When a person took the conversation over: the run's timer waits until it is handed back. */
  paused_at: NullableTimestamp;
  /** What took it over: a person's `message` (handed back by closing), or an `assignment` (also by unassigning). */
  paused_by: string | null;
}

/** A step a run entered; `pending` with `due_at` is the run's timer (a send's delay, a reply's timeout). */
export interface RunStepsTable {
  id: string;
  run_id: string;
  /** Insertion order: a run's history in the order it happened (several steps share an instant). */
  seq: Generated<string>;
  organization_id: string;
  step_id: string;
  step_key: string;
  type: string;
  /** How many times the run has entered this step (loops through a wait): part of the send's key. */
  visit: number;
  state: string;
  outcome: string | null;
  entered_at: Timestamp;
  due_at: NullableTimestamp;
  done_at: NullableTimestamp;
  message_id: string | null;
  body: string | null;
  reply: string | null;
  next_step_id: string | null;
  /** A collect step's phase: ask → await (→ reask → await_again); null for other steps. */
  phase: string | null;
  /** Why the step failed: a send refused (`outside_window: …`), a webhook call's error. */
  error: ColumnType<string | null, string | null | undefined, string | null>;
  /** A webhook step's call: attempts while in flight, then its status, duration and answer. */
  webhook: ColumnType<WebhookCallRecord | null, string | null | undefined, string | null>;
}

export interface RepliesSeenTable {
  message_id: string;
  seen_at: Timestamp;
}

export interface SequencesDB {
  sequences: SequencesTable;
  sequence_versions: SequenceVersionsTable;
  sequence_runs: SequenceRunsTable;
  run_steps: RunStepsTable;
  replies_seen: RepliesSeenTable;
}

export type SequenceRow = Selectable<SequencesTable>;
export type VersionRow = Selectable<SequenceVersionsTable>;
export type RunRow = Selectable<SequenceRunsTable>;
export type RunStepRow = Selectable<RunStepsTable>;
export type NewRunStep = Insertable<RunStepsTable>;
export type NewRun = Insertable<SequenceRunsTable>;
