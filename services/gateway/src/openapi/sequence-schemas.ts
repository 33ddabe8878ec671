import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  BranchStepInput,
  CreateSequence,
  CreateSequenceContacts,
  dataOf,
  EndStepInput,
  listOf,
  MAX_SEQUENCE_CONTACTS,
  MAX_SMS_BODY,
  MAX_STEPS,
  RemoveSequenceContacts,
  SendStepInput,
  Sequence,
  SequenceContact,
  SequenceRun,
  SequenceSettings,
  SequenceStep,
  StepContact,
  UpdateSequence,
  UpsertContactRow,
  WaitForReplyStepInput,
} from "@relay/domain";
import { component, described, z } from "./zod.js";

const KEY =
  "The step's name, which other steps' targets name (letters, digits, `_`, `-`, `.`); default `step_<n>`.";
const TARGET = "A step's `key`.";
const STOP_REASON =
  "Why a `stopped` run stopped: `replied` (a reply outside a wait, with `stop_on_reply`), `opted_out` (STOP or another opt-out keyword, an opt-out of the channel, or a send refused as opted out), `removed` (`DELETE /sequences/{id}/contacts`), `failed` (a send refused otherwise).";
const RUN_STATUS =
  "`active` (resting on a pending send or wait), `completed` (reached an `end`, or a step with nowhere to go) or `stopped` (see `stop_reason`).";

/** The step inputs, one component each, so `steps` is a `oneOf` on `type`. */
function registerStepInputs(registry: OpenAPIRegistry) {
  const send = component(
    registry,
    "SendStepInput",
    described(SendStepInput, {
      key: KEY,
      body: `The SMS text (1–${MAX_SMS_BODY.toLocaleString("en-US")} characters), sent as written on the run's channel. Give \`body\` or \`template_id\`, not both (422 naming \`steps.<i>.body\`).`,
      template_id:
        "A message template of yours (`/automations/templates`, for SMS or any channel) whose message becomes the step's `body` when the sequence is saved: a later edit of the template changes no version. Not one of yours, or an email/WhatsApp template: 422 naming `steps.<i>.template_id`.",
      delay: "How long after entering the step it sends (none: at once); at most a year.",
      next: "Where the run goes once sent (default: the step after it; none after it: the run completes).",
    }),
  );
  const wait = component(
    registry,
    "WaitForReplyStepInput",
    described(WaitForReplyStepInput, {
      key: KEY,
      timeout: "How long to wait for the contact's reply on the run's channel; at most a year.",
      on_reply: `${TARGET} The run goes there when the contact replies (an opt-out keyword stops the run instead).`,
      on_timeout: `${TARGET} The run goes there when no reply came within \`timeout\`.`,
    }),
  );
  const branch = component(
    registry,
    "BranchStepInput",
    described(BranchStepInput, {
      key: KEY,
      rules:
        "Read in order: the first whose `keywords` holds the run's last reply (the whole reply or its first word, ignoring case and punctuation) names the next step.",
      any_reply: `${TARGET} Where a reply no rule matched goes (default: \`otherwise\`).`,
      otherwise: `${TARGET} Where the run goes without a reply, or with one no rule matched.`,
    }),
  );
  const end = component(registry, "EndStepInput", described(EndStepInput, { key: KEY }));
  return component(
    registry,
    "SequenceStepInput",
    z.discriminatedUnion("type", [send, wait, branch, end]).openapi({
      description:
        "`send` an SMS after a delay, `wait_for_reply` up to a timeout, `branch` on the last reply, `end` the run.",
    }),
  );
}

const SETTINGS = {
  settings:
    '`stop_on_reply` (default true): a reply outside a `wait_for_reply` stops the run (`replied`), else it is kept for a later `branch`. `re_entry` (default `allow`): enrolling a contact who has an active run of this sequence (`skip_if_active`) or ever had one (`skip_if_ever`) skips them. `triggers` (default none) enroll contacts while the sequence is active, re-entry applied, at the first step: `{type: "tag_added", tag_id}` when that tag is put on a contact (or a contact is created with it; by id, so renaming the tag keeps the trigger; an id of no tag of yours never fires); `{type: "keyword", keywords, channel_id?}` when an inbound message is one of the keywords (the whole message or its first word, case and punctuation ignored; an opt-out keyword never), on that channel or, without `channel_id`, on any. A run a keyword starts is not stopped by that same message.',
};

/** The sequence components, registered once; the paths in sequences.ts reference them. */
export function registerSequenceSchemas(registry: OpenAPIRegistry) {
  const stepInput = registerStepInputs(registry);
  const steps = z
    .array(stepInput)
    .min(1)
    .max(MAX_STEPS)
    .openapi({
      description: `1–${MAX_STEPS} steps; a run starts at the first. Checked on save: keys unique, every target a step's key, every step reachable from the first, no loop without a \`wait_for_reply\` in it; each problem is a 422 detail naming its field (\`steps.2.rules.0.next\`).`,
    });
  const settings = component(registry, "SequenceSettings", SequenceSettings);

  const create = component(
    registry,
    "CreateSequenceRequest",
    described(
      CreateSequence.safeExtend({
        steps,
        settings: settings.default({ stop_on_reply: true, re_entry: "allow", triggers: [] }),
      }),
      {
        title: "1–255 characters.",
        from: "The phone channel the sequence sends on, by its number (without `from` and `channel_id`: your oldest phone channel). 422 naming the field when it is not one of your phone channels.",
        channel_id: "The phone channel by id (it wins over `from`).",
        ...SETTINGS,
      },
    ),
  );
  const update = component(
    registry,
    "UpdateSequenceRequest",
    described(UpdateSequence.safeExtend({ steps: steps.optional(), settings: settings.optional() }), {
      title: "A new title.",
      from: "Another phone channel, by its number, for runs enrolled from now on.",
      channel_id: "Another phone channel by id (it wins over `from`).",
      steps:
        "Replace the steps whole; a step keeps its id when its `key` is the same. Omitted: the steps are kept.",
      settings: `Replace the settings whole (a field left out takes its default). ${SETTINGS.settings}`,
    }),
  );

  const step = component(
    registry,
    "SequenceStep",
    described(SequenceStep, {
      id: "The same in every version for the same `key`.",
      key: "The step's name, which targets (`next`, `on_reply`, `on_timeout`, `rules[].next`, `any_reply`, `otherwise`) name.",
      body: "A `send`'s text.",
      delay: "Contract field: a `send`'s delay in whole seconds (0 without one, and for other steps).",
      delay_duration: "A `send`'s delay as written (absent without one).",
      next: "A `send`'s next step, when given (otherwise the step after it).",
      timeout: "A `wait_for_reply`'s timeout.",
      on_reply: "A `wait_for_reply`'s step when the contact replies.",
      on_timeout: "A `wait_for_reply`'s step when the timeout passes.",
      rules: "A `branch`'s keyword rules, in order.",
      any_reply: "A `branch`'s step for a reply no rule matched.",
      otherwise: "A `branch`'s step without a reply (or a reply no rule matched, without `any_reply`).",
    }),
  );
  const sequence = component(
    registry,
    "Sequence",
    described(Sequence.safeExtend({ steps: z.array(step) }), {
      status:
        "`draft` (the create's), `active` (takes enrollments) or `archived` (takes none; runs in flight carry on).",
      version: "1 on create, plus one per `PUT`; a run keeps the version it was enrolled on.",
      channel_id: "Contract field: the phone channel the sequence sends on.",
      from: "That channel's number.",
      settings: "`stop_on_reply`, `re_entry` and `triggers`, as the create takes them.",
      steps: "The current version's steps.",
    }),
  );
  const run = component(
    registry,
    "SequenceRun",
    described(SequenceRun, {
      status: `Contract field: ${RUN_STATUS}`,
      stop_reason: STOP_REASON,
      version: "The sequence's version the run follows.",
      channel_id: "The channel it sends on and listens to (the sequence's, or the enrollment's `from`).",
      current_step_id: "The step it rests on, or the one it completed or stopped at.",
      last_reply: "The contact's last reply during the run, which a `branch` reads.",
      completed_at: "When it completed or stopped.",
    }),
  );
  const history = component(
    registry,
    "SequenceRunStep",
    described(StepContact, {
      id: "This entry's id (a step entered twice, through a loop, has an entry per visit).",
      step_id: "The step's id.",
      step_key: "The step's key.",
      state: "`pending` (its timer is `due_at`), `done` or `cancelled` (the run stopped).",
      outcome: "`sent`, `refused`, `replied`, `timed_out`, `branched`, `ended` or `stopped`.",
      due_at: "A send's or a wait's timer: when it sends, or times out.",
      message_id: "The message a `send` sent.",
      body: "What a `send` sent (or tried to).",
      reply: "The reply a wait took (`replied`), or the one a branch read.",
      next_step_id: "The step this one led to.",
    }),
  );
  const contact = component(
    registry,
    "SequenceContact",
    described(SequenceContact, {
      id: "The contact's id.",
      run_id: "The contact's latest run of the sequence.",
      run_status: `That run's status (not \`state\`, which the contract's \`Contact\` uses for the contact's own): ${RUN_STATUS}`,
      stop_reason: STOP_REASON,
      current_step_id: "The step that run rests on, or the one it completed or stopped at.",
      created_at: "When that run was enrolled.",
      updated_at: "When that run last changed.",
    }),
  );

  const contactRow = component(registry, "UpsertContactRow", UpsertContactRow);
  const enroll = component(
    registry,
    "CreateSequenceContactsRequest",
    described(
      CreateSequenceContacts.safeExtend({
        to: z.array(contactRow).min(1).max(MAX_SEQUENCE_CONTACTS),
      }),
      {
        to: `1–${MAX_SEQUENCE_CONTACTS.toLocaleString("en-US")} contacts, upserted into your contacts first (keyed on external_id, phone or email, as \`PUT /contacts/upsert\`); every row is checked first, and a bad one refuses the request (422 naming \`to.<i>.<field>\`), as does a row core refuses (\`invalid\` or \`conflict\`). Each distinct contact gets one run.`,
        from: "The phone channel these runs send on, by its number, instead of the sequence's (422 naming `from` when it is not one of your phone channels).",
        step_id:
          "Where the runs start: a step's id or key in the current version (default: the first step); 422 naming `step_id` otherwise.",
        schedule_at:
          "When the runs start (a first `send`'s delay counts from then); a time in the past starts them now.",
        custom_data: "Accepted as the contract has it; not acted on.",
        voice_options: "Accepted as the contract has it; not acted on.",
      },
    ),
  );
  const remove = component(
    registry,
    "RemoveSequenceContactsRequest",
    described(RemoveSequenceContacts, {
      contacts: `1–${MAX_SEQUENCE_CONTACTS.toLocaleString("en-US")} contacts by \`id\`; a row without \`id\` (by \`phone\` only) is a 422 naming \`contacts.<i>.id\` (removal by phone is not supported yet).`,
    }),
  );

  return {
    create,
    update,
    enroll,
    remove,
    one: component(registry, "SequenceResponse", dataOf(sequence)),
    list: component(registry, "SequenceList", listOf(sequence)),
    run,
    runs: component(registry, "SequenceRunList", listOf(run)),
    runWithSteps: component(
      registry,
      "SequenceRunResponse",
      dataOf(
        run.safeExtend({
          steps: z.array(history).openapi({ description: "The run's history, in the order it happened." }),
        }),
      ),
    ),
    contacts: component(registry, "SequenceContactList", listOf(contact)),
    enrolled: component(
      registry,
      "SequenceContactsAccepted",
      dataOf(
        z.object({
          message: z.string().openapi({ description: "Contract field: `<n> contacts enrolled`." }),
          enrolled: z.int().min(0).openapi({ description: "Runs started." }),
          skipped: z.int().min(0).openapi({ description: "Contacts `re_entry` skipped." }),
        }),
      ),
    ),
    removed: component(
      registry,
      "SequenceContactsRemoved",
      dataOf(
        z.object({
          message: z.string().openapi({ description: "Contract field: `<n> runs removed`." }),
          removed: z.int().min(0).openapi({ description: "Active runs stopped (`removed`)." }),
        }),
      ),
    ),
  };
}
