import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { ListSequenceRunsQuery, MAX_SEQUENCE_CONTACTS, RunStatus } from "@relay/domain";
import { errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { registerSequenceSchemas } from "./sequence-schemas.js";
import { z } from "./zod.js";

const STATUS_ACTIONS = {
  activate: {
    operationId: "activateSequence",
    summary: "Activate a sequence (extension)",
    description:
      "A `draft` or `archived` sequence becomes `active` and takes enrollments; an `active` one is answered as it is.",
  },
  archive: {
    operationId: "archiveSequence",
    summary: "Archive a sequence (extension)",
    description:
      "The sequence becomes `archived` and takes no more enrollments (an `archived` one is answered as it is). " +
      "Runs in flight are not stopped: they carry on to their end (remove contacts to stop theirs).",
  },
} as const;

/** The run filters both run lists take; an empty value is absent (Whippy's piece sends every one). */
const runFilters = {
  contact_id: ListSequenceRunsQuery.shape.contact_id.describe("Runs of this contact."),
  status: z
    .enum([...RunStatus.options, "finished"])
    .optional()
    .describe("Runs in this status; `finished` is `completed` or `stopped`."),
  phone: z
    .string()
    .optional()
    .describe("Runs of the contact with this phone number (none when no contact has it)."),
  channel_id: z.uuid().optional().describe("Runs sending on this channel."),
  before: z.string().optional().describe("Runs started before this ISO 8601 time."),
  after: z.string().optional().describe("Runs started after this ISO 8601 time."),
};

/**
 * The sequences service's routes. The contract has `GET /sequences`, `GET /sequences/{id}`,
 * `GET|POST|DELETE /sequences/{id}/contacts` and `GET /sequences/runs`; the rest are extensions.
 */
export function registerSequences(registry: OpenAPIRegistry): void {
  const schemas = registerSequenceSchemas(registry);
  const tags = ["Sequences"];

  registry.registerPath({
    method: "get",
    path: "/sequences",
    operationId: "getSequences",
    tags,
    summary: "List sequences",
    description: "Newest first, each with its current version's steps.",
    request: { query: ListQuery },
    responses: { "200": json(schemas.list, "A page of sequences"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/sequences",
    operationId: "createSequence",
    tags,
    summary: "Create a draft sequence (extension)",
    description:
      "A `draft` at version 1 on one of your channels (phone, email or WhatsApp), with its signing secret for " +
      "webhook steps (`GET /sequences/{id}/signing_secret`); it takes enrollments once activated " +
      "(`POST /sequences/{id}/activate`). Steps without a `key` get `step_<n>` (their position, from 1). " +
      "The graph is checked on save: each problem is a 422 detail naming its field.",
    request: { headers: IdempotencyHeader, body: jsonBody(schemas.create) },
    responses: { "201": json(schemas.one, "Draft created"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/sequences/runs",
    operationId: "getSequenceRuns",
    tags,
    summary: "List sequence runs",
    description:
      "Your runs, newest first: one per enrolled contact and enrollment. Filters (extension): `sequence_id`, " +
      "`contact_id`, `status`, `phone`, `channel_id`, `before`, `after` (see `GET /sequences/{id}/sequence_runs`). " +
      "A run's history is `GET /sequences/runs/{id}`.",
    request: {
      query: ListQuery.extend({
        sequence_id: ListSequenceRunsQuery.shape.sequence_id.describe("Runs of this sequence."),
        ...runFilters,
      }),
    },
    responses: { "200": json(schemas.runs, "A page of sequence runs"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/sequences/{id}/sequence_runs",
    operationId: "getSequenceSequenceRuns",
    tags,
    summary: "List a sequence's runs, on Whippy's path (extension)",
    description:
      "`GET /sequences/runs?sequence_id={id}` on the path Whippy's Activepieces piece calls, with its filters; " +
      "another organization's sequence is a 404.",
    request: { params: PathId, query: ListQuery.extend(runFilters) },
    responses: {
      "200": json(schemas.runs, "A page of the sequence's runs"),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/sequences/{id}/sequence_runs/{run_id}",
    operationId: "getSequenceSequenceRun",
    tags,
    summary: "Show a sequence's run, on Whippy's path (extension)",
    description: "As `GET /sequences/runs/{run_id}`; a run of another sequence is a 404.",
    request: {
      params: PathId.extend({
        run_id: z.uuid().openapi({ param: { name: "run_id", in: "path", description: "The run's id." } }),
      }),
    },
    responses: { "200": json(schemas.runWithSteps, "A run and its history"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "get",
    path: "/contacts/{id}/sequences",
    operationId: "getContactSequences",
    tags,
    summary: "A contact's sequences, on Whippy's path (extension)",
    description:
      "The contact's runs, newest first, each with `sequence: {id, title, status}`. A contact not in your organization is a 404.",
    request: { params: PathId, query: ListQuery },
    responses: {
      "200": json(
        z.object({
          data: z.array(
            schemas.run.safeExtend({
              sequence: z.object({ id: z.uuid(), title: z.string(), status: z.string() }),
            }),
          ),
          total: z.int(),
        }),
        "A page of the contact's runs",
      ),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/sequences/runs/{id}",
    operationId: "getSequenceRun",
    tags,
    summary: "Show a sequence run with its history (extension)",
    description:
      "The run and every step it entered, in order: when it was due, what was sent, the reply, where it led " +
      "(`next_step_id`), why a step failed (`error`), and a webhook step's call (`webhook`). A run rests on one " +
      "`pending` step, whose `due_at` is its timer (a webhook step's call in flight: its lease).",
    request: { params: PathId },
    responses: { "200": json(schemas.runWithSteps, "A run and its history"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "get",
    path: "/sequences/{id}",
    operationId: "getSequence",
    tags,
    summary: "Show a sequence",
    description: "With its current version's steps (`delay` in seconds, as the contract has it).",
    request: { params: PathId },
    responses: { "200": json(schemas.one, "A single sequence"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/sequences/{id}",
    operationId: "updateSequence",
    tags,
    summary: "Update a sequence: a new version (extension)",
    description:
      "In any status. Writes a new version (`version` + 1) from the fields given and the current version's " +
      "others, checked as a create is; runs in flight keep the version and channel they were enrolled on, " +
      "runs enrolled from now on take the new one. A refusal (404, 422) writes nothing.",
    request: { params: PathId, body: jsonBody(schemas.update) },
    responses: {
      "200": json(schemas.one, "The sequence at its new version"),
      ...errorResponses("404", "422"),
    },
  });
  for (const [action, { operationId, summary, description }] of Object.entries(STATUS_ACTIONS)) {
    registry.registerPath({
      method: "post",
      path: `/sequences/{id}/${action}`,
      operationId,
      tags,
      summary,
      description,
      request: { params: PathId },
      responses: { "200": json(schemas.one, "The sequence in its new status"), ...errorResponses("404") },
    });
  }
  registry.registerPath({
    method: "get",
    path: "/sequences/{id}/signing_secret",
    operationId: "getSequenceSigningSecret",
    tags,
    summary: "Show a sequence's signing secret (extension)",
    description:
      "The secret its `webhook` steps' calls are signed with (Standard Webhooks: `webhook-id`, the history entry's " +
      "`id`, the same when a call is made again after a crash; `webhook-timestamp`; `webhook-signature`, `v1,` and " +
      "the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` with the secret's bytes, one per valid secret; and " +
      "`X-Whippy-Signature`, the hex HMAC-SHA256 of the body). Every sequence has one from its creation, stored " +
      "sealed; any API key of the organization may read it (agents' sessions cannot reach `/sequences`).",
    request: { params: PathId },
    responses: { "200": json(schemas.secret, "The signing secret"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "post",
    path: "/sequences/{id}/rotate_secret",
    operationId: "rotateSequenceSigningSecret",
    tags,
    summary: "Rotate a sequence's signing secret (extension)",
    description:
      "A new secret; for 24 hours (`previous_secret_expires_at`) calls carry a signature with each secret, so a " +
      "receiver can switch at its own pace; then the old one stops signing. Runs in flight sign with it too.",
    request: { params: PathId },
    responses: { "200": json(schemas.secret, "The new signing secret"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "post",
    path: "/sequences/{id}/migrate_runs",
    operationId: "migrateSequenceRuns",
    tags,
    summary: "Move runs in flight to the current version (extension)",
    description:
      "Runs keep the version they were enrolled on; this moves the active runs of older versions (or of " +
      "`from_version` only) to the current one. A run moves when the step it rests on is in the current version " +
      "(steps keep their id by `key`) as the same kind of step: its pending step, timer and history stay as they " +
      "are, and it goes on by the current version's steps. The others are `kept` on theirs. The body may be empty.",
    request: {
      params: PathId,
      body: {
        required: false,
        content: { "application/json": { schema: schemas.migrate } },
      },
    },
    responses: {
      "200": json(schemas.migrated, "How many runs moved, and how many kept their version"),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/sequences/{id}/contacts",
    operationId: "getSequenceContacts",
    tags,
    summary: "List sequence contacts",
    description:
      "Each contact ever enrolled, once, with their latest run (`run_id`, `run_status`, `stop_reason`, " +
      "`current_step_id`), newest first. `id` is the contact's: read the contact with `GET /contacts/{id}`.",
    request: { params: PathId, query: ListQuery },
    responses: {
      "200": json(schemas.contacts, "A page of sequence contacts"),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/sequences/{id}/contacts",
    operationId: "createSequenceContacts",
    tags,
    summary: "Add contacts to a sequence",
    description:
      "An `active` sequence only (422 naming `sequence` otherwise). The contacts are upserted into your " +
      "contacts, then each distinct contact gets a run of the current version, at `step_id` (default the " +
      "first step) from `schedule_at` (default now), unless the sequence's `re_entry` skips them. Nothing is " +
      "sent in the request: sends go out when due, through the bulk path with the key " +
      "`sequence:<run>:<step id>`, so none is sent twice. With an `Idempotency-Key`, a retry enrolls nobody again.",
    request: { params: PathId, headers: IdempotencyHeader, body: jsonBody(schemas.enroll) },
    responses: {
      "202": json(schemas.enrolled, "Sequence contacts accepted for processing"),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "delete",
    path: "/sequences/{id}/contacts",
    operationId: "removeSequenceContacts",
    tags,
    summary: "Remove contacts from a sequence",
    description:
      "The contacts' active runs of the sequence stop (`stopped`, `stop_reason: removed`); their pending " +
      "step is cancelled and nothing more is sent. Contacts without an active run are ignored. The contacts " +
      "are named in the body, or (extension) in `contact_id` (one or repeated), which is then read instead.",
    request: {
      params: PathId,
      query: z.object({
        contact_id: z
          .array(z.uuid())
          .max(MAX_SEQUENCE_CONTACTS)
          .optional()
          .openapi({ description: "Contacts by id, instead of the body (extension)." }),
      }),
      body: { required: false, content: { "application/json": { schema: schemas.remove } } },
    },
    responses: {
      "202": json(schemas.removed, "Removal accepted for processing"),
      ...errorResponses("404", "422"),
    },
  });
}
