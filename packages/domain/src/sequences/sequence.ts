import { z } from "zod";
import { QuietHoursWindow } from "../campaigns/campaign.js";
import { defineEvent } from "../events.js";
import { WhatsAppTemplate } from "../messaging/whatsapp.js";
import { oneOrMany, Pagination, unlessBlank } from "../pagination.js";
import { AnswerKind, DelayUnit, STEP_TYPES, StepInput, StepKey } from "./steps.js";
import { WEBHOOK_METHODS, WebhookCallRecord, WebhookStatus } from "./webhook-step.js";

export const SequenceStatus = z.enum(["draft", "active", "archived"]);
export type SequenceStatus = z.infer<typeof SequenceStatus>;

export const ReEntry = z.enum(["allow", "skip_if_active", "skip_if_ever"]);
export type ReEntry = z.infer<typeof ReEntry>;

/**
 * What enrolls a contact without anyone asking, while the sequence is active (its `re_entry`
 * applies): `tag_added`, the tag put on a contact (a contact created with it too), by id, so a
 * rename keeps it; `keyword`, an inbound message that is one of the keywords (the whole message
 * or its first word, case and punctuation ignored; never an opt-out), on the channel
 * `channel_id` when given, else on any; `custom_event`, a custom event of that name
 * (`POST /custom_events`) for each contact among its associated resources.
 */
export const SequenceTrigger = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("tag_added"), tag_id: z.uuid() }),
  z.strictObject({
    type: z.literal("keyword"),
    keywords: z.array(z.string().trim().min(1).max(160)).min(1).max(50),
    channel_id: z.uuid().optional(),
  }),
  z.strictObject({ type: z.literal("custom_event"), event: z.string().trim().min(1).max(255) }),
]);
export type SequenceTrigger = z.infer<typeof SequenceTrigger>;

export const SequenceSettings = z.strictObject({
  /** A reply outside a `wait_for_reply` stops the contact's run (default true). */
  stop_on_reply: z.boolean().default(true),
  /** Enrolling a contact who has (had) a run of this sequence. */
  re_entry: ReEntry.default("allow"),
  /**
   * A person takes the conversation over (writes to the contact in it, or it is assigned to a
   * user): `pause` the run until it is handed back (closed, or unassigned), or `stop` it.
   */
  on_takeover: z.enum(["pause", "stop"]).default("pause"),
  /** Sends and questions are held to this daily window in the run's channel's time zone (default: none). */
  quiet_hours: QuietHoursWindow.nullable().default(null),
  triggers: z.array(SequenceTrigger).max(20).default([]),
});
export type SequenceSettings = z.infer<typeof SequenceSettings>;

export const MAX_STEPS = 100;
const Title = z.string().trim().min(1).max(255);
const Address = z.string().trim().min(1).max(64);

/** `POST /v1/sequences` (extension): a draft; its steps' graph is checked on save. */
export const CreateSequence = z.strictObject({
  title: Title,
  /** The phone channel sends go out on, by its number or id (without either: the oldest phone channel). */
  from: Address.optional(),
  channel_id: z.uuid().optional(),
  steps: z.array(StepInput).min(1).max(MAX_STEPS),
  settings: SequenceSettings.default({
    stop_on_reply: true,
    re_entry: "allow",
    on_takeover: "pause",
    quiet_hours: null,
    triggers: [],
  }),
});
export type CreateSequence = z.infer<typeof CreateSequence>;

/** `PUT /v1/sequences/{id}`: a new version (runs in flight keep theirs); omitted fields are kept. */
export const UpdateSequence = z.strictObject({
  title: Title.optional(),
  from: Address.optional(),
  channel_id: z.uuid().optional(),
  steps: z.array(StepInput).min(1).max(MAX_STEPS).optional(),
  settings: SequenceSettings.optional(),
});
export type UpdateSequence = z.infer<typeof UpdateSequence>;

/** A stored step: the input with its key and a stable id (same key, same id, in every version). */
export type StoredStep = StepInput & { id: string; key: string };

/**
 * Contract `SequenceStep` (`id`, `type`, `body`, `delay` in seconds as an integer), plus our
 * fields: the step's key, the delay as written, and where it goes next (step keys).
 */
export const SequenceStep = z.object({
  id: z.uuid(),
  key: z.string(),
  type: z.enum(STEP_TYPES),
  body: z.string().optional(),
  delay: z.int(),
  delay_duration: z.object({ value: z.int(), unit: DelayUnit }).optional(),
  /** A send's or a question's: held until the channel is open. */
  business_hours: z.boolean().optional(),
  /** An email send's or question's subject. */
  subject: z.string().optional(),
  /** A WhatsApp send's approved template. */
  template: WhatsAppTemplate.optional(),
  next: z.string().optional(),
  /** Where a send conversations refused (or a failed webhook call) goes. */
  on_failure: z.string().optional(),
  timeout: z.object({ value: z.int(), unit: DelayUnit }).optional(),
  on_reply: z.string().optional(),
  on_timeout: z.string().optional(),
  /** A branch's rules on the reply, or a webhook's on the answer. */
  rules: z
    .array(
      z.object({
        keywords: z.array(z.string()).optional(),
        answer: AnswerKind.optional(),
        status: WebhookStatus.optional(),
        field: z.string().optional(),
        equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
        next: z.string(),
      }),
    )
    .optional(),
  any_reply: z.string().optional(),
  otherwise: z.string().optional(),
  /** collect: the kind of answer, the contact field it is stored in, the re-ask, where a bad one goes. */
  answer: AnswerKind.optional(),
  field: z.string().optional(),
  retry_body: z.string().optional(),
  on_invalid: z.string().optional(),
  /** tag: names put on and taken off. */
  add: z.array(z.string()).optional(),
  remove: z.array(z.string()).optional(),
  /** assign: who the conversation is assigned to. */
  user_id: z.int().optional(),
  team_id: z.uuid().optional(),
  /** webhook: the call, as written. */
  url: z.string().optional(),
  method: z.enum(WEBHOOK_METHODS).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  timeout_ms: z.int().optional(),
  /** move: the sequence the contact is enrolled in. */
  sequence_id: z.uuid().optional(),
});
export type SequenceStep = z.infer<typeof SequenceStep>;

/** Contract `Sequence`, plus status, version, settings and `from`. */
export const Sequence = z.object({
  id: z.uuid(),
  title: z.string(),
  status: SequenceStatus,
  version: z.int(),
  channel_id: z.uuid(),
  from: z.string(),
  settings: z.object({
    stop_on_reply: z.boolean(),
    re_entry: ReEntry,
    on_takeover: z.enum(["pause", "stop"]),
    quiet_hours: QuietHoursWindow.nullable(),
    triggers: z.array(SequenceTrigger),
  }),
  steps: z.array(SequenceStep),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Sequence = z.infer<typeof Sequence>;

export const RunStatus = z.enum(["active", "completed", "stopped"]);
export type RunStatus = z.infer<typeof RunStatus>;
export const StopReason = z.enum(["replied", "opted_out", "removed", "failed", "taken_over"]);
export type StopReason = z.infer<typeof StopReason>;

/** Contract `SequenceRun`, plus where it stands. */
export const SequenceRun = z.object({
  id: z.uuid(),
  sequence_id: z.uuid(),
  contact_id: z.uuid(),
  status: RunStatus,
  stop_reason: StopReason.optional(),
  version: z.int(),
  channel_id: z.uuid(),
  current_step_id: z.uuid().optional(),
  last_reply: z.string().optional(),
  /** Set while a person has the conversation (the run's timer waits; it is shifted on resume). */
  paused_at: z.string().optional(),
  paused_by: z.enum(["message", "assignment"]).optional(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().optional(),
});
export type SequenceRun = z.infer<typeof SequenceRun>;

/** What a step did for a run: entered, then done (sent, replied, timed out, branched…) or cancelled. */
export const StepContactState = z.enum(["pending", "done", "cancelled"]);

/** One row of a run's history: a step entered, when it is due, what was sent, the reply. */
export const StepContact = z.object({
  id: z.uuid(),
  run_id: z.uuid(),
  sequence_id: z.uuid(),
  contact_id: z.uuid(),
  step_id: z.uuid(),
  step_key: z.string(),
  type: SequenceStep.shape.type,
  state: StepContactState,
  /** sent, refused, replied, timed_out, branched, asked, answered, invalid, tagged, moved, ended, stopped. */
  outcome: z.string().optional(),
  entered_at: z.string(),
  due_at: z.string().optional(),
  done_at: z.string().optional(),
  message_id: z.uuid().optional(),
  body: z.string().optional(),
  reply: z.string().optional(),
  /** Why the step failed: a send refused by conversations (`outside_window: …`), a webhook call's error. */
  error: z.string().optional(),
  /** A webhook step's call: status, duration, the answer's start. */
  webhook: WebhookCallRecord.optional(),
  /** The step this one led to. */
  next_step_id: z.uuid().optional(),
});
export type StepContact = z.infer<typeof StepContact>;

/** A contact of a sequence as `GET /v1/sequences/{id}/contacts` lists it: contract `Contact`'s id, and its latest run. */
export const SequenceContact = z.object({
  id: z.uuid(),
  run_id: z.uuid(),
  run_status: RunStatus,
  stop_reason: StopReason.optional(),
  current_step_id: z.uuid().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SequenceContact = z.infer<typeof SequenceContact>;

export const MAX_SEQUENCE_CONTACTS = 4000;

/** Contract `CreateSequenceContactsRequest`: contact rows upserted in core, enrolled at `step_id` (a step's id or key). */
export const CreateSequenceContacts = z.object({
  to: z.array(z.unknown()).min(1).max(MAX_SEQUENCE_CONTACTS),
  from: Address.optional(),
  step_id: z.union([z.uuid(), StepKey]).optional(),
  schedule_at: z.iso.datetime({ offset: true }).optional(),
  /** Accepted as the contract has them; not acted on yet. */
  custom_data: z.unknown().optional(),
  voice_options: z.unknown().optional(),
});
export type CreateSequenceContacts = z.infer<typeof CreateSequenceContacts>;

/** The contract's `DELETE /v1/sequences/{id}/contacts` body: contacts by id. */
export const RemoveSequenceContacts = z.object({
  contacts: z
    .array(z.object({ id: z.uuid().optional(), phone: z.string().max(64).optional() }))
    .min(1)
    .max(MAX_SEQUENCE_CONTACTS),
});
export type RemoveSequenceContacts = z.infer<typeof RemoveSequenceContacts>;

/** `DELETE /v1/sequences/{id}/contacts?contact_id=…` (one or many), the body's alternative. */
export const RemoveSequenceContactsQuery = z.object({
  contact_id: oneOrMany(z.uuid(), MAX_SEQUENCE_CONTACTS),
});

/**
 * `POST /v1/sequences/{id}/migrate_runs` (extension): active runs on older versions (or only
 * `from_version`) move to the current one when the step they rest on is in it, as the same kind.
 */
export const MigrateSequenceRuns = z.strictObject({ from_version: z.int().min(1).optional() });
export type MigrateSequenceRuns = z.infer<typeof MigrateSequenceRuns>;

export const ListSequencesQuery = Pagination;
export const ListSequenceContactsQuery = Pagination;

/** `GET /v1/sequences/runs`: pages, filtered by sequence, contact and status. */
/**
 * Run filters (`GET /sequences/runs`, `GET /sequences/{id}/sequence_runs`): `status` also takes
 * `finished` (completed or stopped, as Whippy's piece offers it), `phone` the contact's number,
 * `before`/`after` the run's start.
 */
export const ListSequenceRunsQuery = Pagination.extend({
  sequence_id: unlessBlank(z.uuid()),
  contact_id: unlessBlank(z.uuid()),
  status: unlessBlank(z.enum([...RunStatus.options, "finished"])),
  phone: unlessBlank(z.string().trim().min(1).max(64)),
  channel_id: unlessBlank(z.uuid()),
  before: unlessBlank(z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" })),
  after: unlessBlank(z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" })),
});
export type ListSequenceRunsQuery = z.infer<typeof ListSequenceRunsQuery>;

export const SequenceCreated = defineEvent("sequences.sequence.created", Sequence);
export const SequenceUpdated = defineEvent("sequences.sequence.updated", Sequence);
export const SequenceRunCreated = defineEvent("sequences.sequence_run.created", SequenceRun);
export const SequenceRunUpdated = defineEvent("sequences.sequence_run.updated", SequenceRun);
export const StepContactCreated = defineEvent("sequences.step_contact.created", StepContact);
export const StepContactUpdated = defineEvent("sequences.step_contact.updated", StepContact);
