import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  AssignStepInput,
  BranchStepInput,
  CollectStepInput,
  CreateSequence,
  CreateSequenceContacts,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  dataOf,
  EndStepInput,
  listOf,
  MAX_SEQUENCE_CONTACTS,
  MAX_SMS_BODY,
  MAX_STEP_BODY,
  MAX_STEPS,
  MAX_WEBHOOK_RESPONSE_BYTES,
  MAX_WEBHOOK_TIMEOUT_MS,
  MAX_WHATSAPP_BODY,
  MigrateSequenceRuns,
  MoveStepInput,
  RemoveSequenceContacts,
  SendStepInput,
  Sequence,
  SequenceContact,
  SequenceRun,
  SequenceSettings,
  SequenceStep,
  StepContact,
  TagStepInput,
  UpdateSequence,
  UpsertContactRow,
  WaitForReplyStepInput,
  WebhookCallRecord,
  WebhookRule,
  WebhookStepInput,
} from "@relay/domain";
import { component, described, z } from "./zod.js";

const KEY =
  "The step's name, which other steps' targets name (letters, digits, `_`, `-`, `.`); default `step_<n>`.";
const TARGET = "A step's `key`.";
const STOP_REASON =
  "Why a `stopped` run stopped: `replied` (a reply outside a wait, with `stop_on_reply`), `opted_out` (STOP or another opt-out keyword, an opt-out of the channel, or a send refused as opted out), `removed` (`DELETE /sequences/{id}/contacts`), `failed` (a send refused otherwise without `on_failure`, a webhook call that failed without `on_failure`, or a tag step core refused for good: the contact deleted, too many tags), `taken_over` (a person took the conversation over and the sequence's `on_takeover` is `stop`).";
const CHANNEL_TEXT = `The text on the run's channel: an SMS (1–${MAX_SMS_BODY.toLocaleString("en-US")} characters), a WhatsApp message (up to ${MAX_WHATSAPP_BODY.toLocaleString("en-US")}) or an email's body (up to ${MAX_STEP_BODY.toLocaleString("en-US")}; plain text or HTML, both parts are sent); longer for the channel: 422 naming the field.`;
const SUBJECT =
  "An email's subject (one line, up to 998 characters, sent as written): required on an email channel (422 naming `steps.<i>.subject`), refused on any other.";
const RUN_STATUS =
  "`active` (resting on a pending step, possibly paused: see `paused_at`), `completed` (reached an `end`, a `move`, or a step with nowhere to go) or `stopped` (see `stop_reason`).";
const TEXT =
  "Give `body` or `template_id`, not both (422 naming `steps.<i>.body`). `template_id`: a message template of yours (`/automations/templates`) whose message becomes the step's `body` when the sequence is saved; not one of yours, or an email/WhatsApp template: 422 naming `steps.<i>.template_id`.";

/** The step inputs, one component each, so `steps` is a `oneOf` on `type`. */
function registerStepInputs(registry: OpenAPIRegistry) {
  const send = component(
    registry,
    "SendStepInput",
    described(SendStepInput, {
      key: KEY,
      body: `${CHANNEL_TEXT} Campaigns' template variables are rendered for the contact (\`{{ contact.first_name }}\`, \`{{ contact.properties.<key> }}\`; a variable the contact lacks renders empty unless it has a \`default\` filter; a text that is not such a template is a 422 naming the field). Give one of \`body\`, \`template_id\` and \`template\` (422 naming \`steps.<i>.body\`).`,
      template_id:
        "A message template of yours (`/automations/templates`, for the sequence's kind of channel or any) whose message becomes the step's `body` when the sequence is saved: a later edit of the template changes no version. Not one of yours, or one for another kind of channel: 422 naming `steps.<i>.template_id`.",
      template:
        "On a WhatsApp channel only (422 naming `steps.<i>.template` elsewhere): an approved WhatsApp template `{name, language, components}`, sent as it is written (its parameters are not rendered), which may go outside the 24-hour window where free-form text is refused.",
      subject: SUBJECT,
      on_failure: `${TARGET} Where the run goes when conversations refuses the send for another reason than an opt-out (\`outside_window\`: free-form WhatsApp more than 24 hours after the contact's last message; \`hard_bounced\`; \`validation_failed\`), the refusal kept in the history (\`outcome: refused\`, \`error\`). Without it such a refusal stops the run \`failed\`; an opt-out always stops it \`opted_out\`.`,
      delay: "How long after entering the step it sends (none: at once); at most a year.",
      business_hours:
        "Send only while the run's channel is open (its `opening_hours`, in its `timezone`): due outside them, the send waits for the next opening (a channel with no hours is always open; one that never opens holds nothing).",
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
        "Read in order: the first rule the run's last reply matches names the next step. A rule has `keywords` (the reply is one of them: the whole reply or its first word, ignoring case and punctuation) or `answer` (the reply reads as that kind of answer, as a `collect` step reads it: `text`, `number`, `email`, `date`, `yes_no`), not both (422 naming `steps.<i>.rules.<r>.keywords`).",
      any_reply: `${TARGET} Where a reply no rule matched goes (default: \`otherwise\`).`,
      otherwise: `${TARGET} Where the run goes without a reply, or with one no rule matched.`,
    }),
  );
  const collect = component(
    registry,
    "CollectStepInput",
    described(CollectStepInput, {
      key: KEY,
      body: `The question, sent on the run's channel after \`delay\` (${CHANNEL_TEXT}) ${TEXT} A question conversations refuses stops the run.`,
      subject: SUBJECT,
      delay: "How long after entering the step the question is sent (none: at once).",
      business_hours: "Ask only while the run's channel is open, as a `send`'s `business_hours`.",
      answer:
        "What counts as an answer: `text` (any non-empty reply up to 255 characters), `number` (`12`, `-3.5`, `1,200`), `email` (stored lower-cased), `date` (`YYYY-MM-DD` or `M/D/YYYY`, `M/D/YY` as 20YY; stored as `YYYY-MM-DD`), `yes_no` (yes/y/yeah/yep/sure/ok… or no/n/nope/nah…; stored as true/false). The `email` field takes `email` answers only, `name` and `language` `text` (422 naming `steps.<i>.answer`).",
      field:
        "Where the answer is stored on the contact in core: `name`, `email`, `language`, or `properties.<key>` (a property, 1–64 of letters, digits, `_`, `-`).",
      timeout: "How long to wait for the answer once the question is sent; at most a year.",
      retry_body:
        "The words of the one re-ask after a bad answer (default: the question again). A reply core refuses (an email another contact has) counts as a bad answer.",
      next: "Where the run goes once the answer is stored (default: the step after it; none: the run completes).",
      on_invalid: `${TARGET} Where a second bad answer goes (default: as \`next\`).`,
      on_timeout: `${TARGET} Where the run goes when no answer came within \`timeout\` (default: as \`next\`).`,
    }),
  );
  const tag = component(
    registry,
    "TagStepInput",
    described(TagStepInput, {
      key: KEY,
      add: "Tag names put on the contact (a name that is no tag of yours yet creates it); at most 20.",
      remove:
        "Tag names taken off the contact (one it does not carry is no error); at most 20. One of `add` and `remove` must name a tag (422 naming `steps.<i>.add`).",
      next: "Where the run goes next (default: the step after it; none: the run completes).",
    }),
  );
  const assign = component(
    registry,
    "AssignStepInput",
    described(AssignStepInput, {
      key: KEY,
      user_id:
        "A user of yours the run's conversation (the contact's on the run's channel) is assigned to. Assigning a user is a person taking the conversation over: the run pauses (see `on_takeover`) until it is unassigned or closed.",
      team_id:
        "A team of yours it is assigned to. Give `user_id`, `team_id` or both (422 naming `steps.<i>.user_id`); one that is not yours, or a run with no conversation yet (nothing sent or received), fails the run (`failed`).",
      next: "Where the run goes next (default: the step after it; none: the run completes).",
    }),
  );
  const move = component(
    registry,
    "MoveStepInput",
    described(MoveStepInput, {
      key: KEY,
      sequence_id:
        "Another sequence of yours (422 naming `steps.<i>.sequence_id` for this one or one that does not exist): the run completes (`moved`) and the contact is enrolled in it at its first step, its `re_entry` applied. When that sequence is no longer active the run completes as `move_skipped`.",
    }),
  );
  const rule = component(
    registry,
    "WebhookStepRule",
    described(WebhookRule, {
      status:
        "The answer's status: a class (`2xx`, `3xx`, `4xx`, `5xx`) or one code (`409`); default `2xx`. Give `status`, `field` or both (422 naming `steps.<i>.rules.<r>.status`).",
      field: `A dot path into the answer's JSON (\`data.available\`, \`items.0.id\`; the first ${MAX_WEBHOOK_RESPONSE_BYTES / 1024} KiB are read, a longer or non-JSON answer has no fields).`,
      equals:
        'The value `field` must have (a string, number, boolean or null, compared exactly: `1` is not `"1"`); without it, `field` must be present and not null. Needs `field` (422 naming `steps.<i>.rules.<r>.equals`).',
      next: `${TARGET} Where the run goes when this rule is the first the answer matches.`,
    }),
  );
  const webhook = component(
    registry,
    "WebhookStepInput",
    described(WebhookStepInput.safeExtend({ rules: z.array(rule).max(20).default([]) }), {
      key: KEY,
      url: "Where the call goes: an https URL on a public address (422 naming `steps.<i>.url` for another scheme, this machine, a private, link-local or reserved address, or a name that resolves to one now; `SEQUENCES_ALLOW_LOCALHOST` lets http:// to this machine through, for development). The addresses are checked again when the call connects, so a name that later resolves to a private address is refused then (`call_failed`); redirects are never followed (a 3xx is an answer like any other). Sent as written (no template variables).",
      method: "`POST` (default), `PUT`, `PATCH` or `GET` (which sends no body).",
      headers:
        "Up to 20 headers sent as written (names as HTTP has them, values one line up to 1,024 characters), stored and shown with the sequence: prefer the signature to a secret of your own. The call sets `Content-Type`, `Host`, `Content-Length`, the signature's headers and the hop-by-hop ones itself; naming one is a 422.",
      payload:
        "The JSON body (an object up to 16 KiB), each string in it rendered for the run's contact with the send steps' template variables (`{\"phone\": \"{{ contact.phone }}\"}`; values render as strings; a string that is not such a template is a 422 naming `steps.<i>.payload.<path>`). Without it a POST, PUT or PATCH sends `{sequence_id, run_id, step_id, step_key, contact_id}`. Not with a GET (422 naming `steps.<i>.payload`). Named `payload` because `body` is a step's text in the contract's `SequenceStep`.",
      timeout_ms: `How long the call may take, its whole answer included: ${DEFAULT_WEBHOOK_TIMEOUT_MS.toLocaleString("en-US")} ms unless given, 100–${MAX_WEBHOOK_TIMEOUT_MS.toLocaleString("en-US")}.`,
      rules:
        "Read in order: the first the answer matches names the next step (before `next` and `on_failure`).",
      next: "Where a 2xx answer no rule matched goes (default: the step after it; none: the run completes).",
      on_failure: `${TARGET} Where the run goes when no rule matched and the call failed: another status, a timeout, a refused address, a connection error. Without it the run stops \`failed\`.`,
    }),
  );
  const end = component(registry, "EndStepInput", described(EndStepInput, { key: KEY }));
  return component(
    registry,
    "SequenceStepInput",
    z.discriminatedUnion("type", [send, wait, branch, collect, tag, assign, webhook, move, end]).openapi({
      description:
        "`send` a message (SMS, email or WhatsApp: the sequence's channel's kind) after a delay, `wait_for_reply` up to a timeout, `branch` on the last reply, `collect` an answer into the contact, `tag` the contact, `assign` its conversation, `webhook`: call a URL and go by its answer, `move` it to another sequence, `end` the run.",
    }),
  );
}

const SETTINGS = {
  settings:
    "`stop_on_reply` (default true): a reply outside a `wait_for_reply` or a `collect` step's question stops the run (`replied`), else it is kept for a later `branch`. `on_takeover` (default `pause`): when a person takes the conversation over (an outbound message in it that is not automated, a campaign's, a sequence's or a note: e.g. `POST /messaging/sms` or the inbox; or the conversation assigned to a user), the contact's runs on that channel pause: their timers wait, replies do not move them (an opt-out still stops them); closing the conversation resumes them (unassigning it resumes those an assignment paused), the pending step's timer moved on by the time paused, so a wait keeps the time it had left. `stop` stops them instead (`taken_over`). `quiet_hours` (default null: none) `{start, end}` (`HH:MM`, start before end): sends and questions due outside that daily window, on the run's channel's time zone clock, wait for its next start. `re_entry` (default `allow`): enrolling a contact who has an active run of this sequence (`skip_if_active`) or ever had one (`skip_if_ever`) skips them. `triggers` (default none) enroll contacts while the sequence is active, re-entry applied, at the first step: `{type: \"tag_added\", tag_id}` when that tag is put on a contact (or a contact is created with it; by id, so renaming the tag keeps the trigger; an id of no tag of yours never fires); `{type: \"keyword\", keywords, channel_id?}` when an inbound message is one of the keywords (the whole message or its first word, case and punctuation ignored; an opt-out keyword never), on that channel or, without `channel_id`, on any. A run a keyword starts is not stopped by that same message. `{type: \"custom_event\", event}` when a custom event of that name is posted (`POST /custom_events`): each of your contacts among its `associated_resources` is enrolled (ids that are no contact of yours are ignored), once per event.",
};

/** The sequence components, registered once; the paths in sequences.ts reference them. */
export function registerSequenceSchemas(registry: OpenAPIRegistry) {
  const stepInput = registerStepInputs(registry);
  const steps = z
    .array(stepInput)
    .min(1)
    .max(MAX_STEPS)
    .openapi({
      description: `1–${MAX_STEPS} steps; a run starts at the first. Checked on save: keys unique, every target a step's key, every step reachable from the first, no loop without a \`wait_for_reply\` or \`collect\` in it, every \`move\` to another sequence of yours; each problem is a 422 detail naming its field (\`steps.2.rules.0.next\`).`,
    });
  const settings = component(registry, "SequenceSettings", SequenceSettings);

  const create = component(
    registry,
    "CreateSequenceRequest",
    described(
      CreateSequence.safeExtend({
        steps,
        settings: settings.default({
          stop_on_reply: true,
          re_entry: "allow",
          on_takeover: "pause",
          quiet_hours: null,
          triggers: [],
        }),
      }),
      {
        title: "1–255 characters.",
        from: "The channel the sequence sends on, by its address: an email address names your email channel on it, a number your phone channel on it, else your WhatsApp channel on it (a number that is both: the phone channel; name the WhatsApp one by `channel_id`). Without `from` and `channel_id`: your oldest phone channel. 422 naming the field when it is not one of your channels.",
        channel_id: "Any of your channels (phone, email or WhatsApp) by id (it wins over `from`).",
        ...SETTINGS,
      },
    ),
  );
  const update = component(
    registry,
    "UpdateSequenceRequest",
    described(UpdateSequence.safeExtend({ steps: steps.optional(), settings: settings.optional() }), {
      title: "A new title.",
      from: "Another channel, by its address as the create reads it, for runs enrolled from now on; the steps (new or kept) are checked for its kind (an email's `subject`).",
      channel_id: "Another channel by id (it wins over `from`).",
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
      body: "A `send`'s text, or a `collect` step's question.",
      subject: "An email `send`'s or question's subject.",
      template: "A WhatsApp `send`'s template.",
      on_failure: "A `send`'s or a `webhook`'s step when it failed, when given.",
      url: "A `webhook`'s URL.",
      method: "A `webhook`'s method.",
      headers: "A `webhook`'s own headers.",
      payload: "A `webhook`'s JSON body as written.",
      timeout_ms: "A `webhook`'s timeout, when given.",
      delay: "Contract field: a `send`'s delay in whole seconds (0 without one, and for other steps).",
      delay_duration: "A `send`'s delay as written (absent without one).",
      next: "A `send`'s next step, when given (otherwise the step after it).",
      timeout: "A `wait_for_reply`'s timeout.",
      on_reply: "A `wait_for_reply`'s step when the contact replies.",
      on_timeout: "A `wait_for_reply`'s step when the timeout passes.",
      rules: "A `branch`'s rules on the reply, or a `webhook`'s on the answer, in order.",
      any_reply: "A `branch`'s step for a reply no rule matched.",
      otherwise: "A `branch`'s step without a reply (or a reply no rule matched, without `any_reply`).",
      answer: "A `collect` step's kind of answer.",
      field: "Where a `collect` step stores the answer.",
      retry_body: "A `collect` step's re-ask, when it has its own words.",
      on_invalid: "A `collect` step's step after a second bad answer, when given.",
      add: "A `tag` step's tags put on.",
      remove: "A `tag` step's tags taken off.",
      user_id: "An `assign` step's user.",
      team_id: "An `assign` step's team.",
      sequence_id: "A `move` step's sequence.",
    }),
  );
  const sequence = component(
    registry,
    "Sequence",
    described(Sequence.safeExtend({ steps: z.array(step) }), {
      status:
        "`draft` (the create's), `active` (takes enrollments) or `archived` (takes none; runs in flight carry on).",
      version: "1 on create, plus one per `PUT`; a run keeps the version it was enrolled on.",
      channel_id: "Contract field: the channel the sequence sends on (phone, email or WhatsApp).",
      from: "That channel's number or email address.",
      settings:
        "`stop_on_reply`, `re_entry`, `on_takeover`, `quiet_hours` and `triggers`, as the create takes them.",
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
      paused_at: "While a person has the conversation (see the sequence's `on_takeover`): since when.",
      paused_by:
        "What paused it: a person's `message` (closing the conversation resumes it) or an `assignment` to a user (closing or unassigning resumes it).",
      completed_at: "When it completed or stopped.",
    }),
  );
  const callRecord = component(
    registry,
    "WebhookCallRecord",
    described(WebhookCallRecord, {
      attempts:
        "Calls made, each with the same `webhook-id` (this entry's `id`): more than one only when the service died before an outcome was written (the call's lease, its timeout and a minute, ran out, and it was called again; 5 at most).",
      status: "The answer's status.",
      duration_ms: "How long the call took.",
      response: "The answer's first 2 KiB.",
      truncated: "The answer was longer than `response`.",
      error: "Why there is no answer (a timeout, a refused address, a connection error).",
    }),
  );
  const history = component(
    registry,
    "SequenceRunStep",
    described(StepContact.safeExtend({ webhook: callRecord.optional() }), {
      id: "This entry's id (a step entered twice, through a loop, has an entry per visit).",
      step_id: "The step's id.",
      step_key: "The step's key.",
      state: "`pending` (its timer is `due_at`), `done` or `cancelled` (the run stopped).",
      outcome:
        "`sent`, `refused` (see `error`), `replied`, `timed_out`, `branched`, `answered` (a `collect` step's answer stored), `invalid` (its second bad answer), `tagged`, `assigned`, `called` (a webhook's answer took a rule or `next`), `call_failed` (see `error`), `moved`, `move_skipped`, `ended` or `stopped`.",
      due_at:
        "A pending step's timer: when a send or a question sends, a wait or a question times out, a tag or a move runs.",
      message_id: "The message a `send` sent.",
      body: "What a `send` sent (or tried to), or a `collect` step's last question.",
      reply:
        "The reply a wait took (`replied`), the one a branch read, or a `collect` step's answer (or bad answer).",
      next_step_id: "The step this one led to.",
      error:
        "Why it failed: a send conversations refused (`outside_window: …`, `hard_bounced: …`), or a webhook call (`answered 404`, `timed out after 10000 ms`, `refused: resolves to a private address (…)`).",
      webhook: "A `webhook` step's call, as it went (while `pending`, its attempts only).",
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
        from: "Another of your channels of the sequence's kind these runs send on, by its number or address, instead of the sequence's (422 naming `from` when it is not one).",
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

  const migrate = component(
    registry,
    "MigrateSequenceRunsRequest",
    described(MigrateSequenceRuns, {
      from_version: "Only the runs on this version (default: every older version).",
    }),
  );
  const secret = component(
    registry,
    "SequenceSigningSecretResponse",
    dataOf(
      z.object({
        sequence_id: z.uuid(),
        signing_secret: z.string().openapi({
          description:
            "`whsec_` and 32 random bytes in base64: the Standard Webhooks secret the sequence's webhook steps are signed with (stored sealed).",
        }),
        previous_secret_expires_at: z.string().optional().openapi({
          description: "After a rotation: until then, calls carry a signature with the previous secret too.",
        }),
      }),
    ),
  );
  return {
    secret,
    migrate,
    migrated: component(
      registry,
      "SequenceRunsMigrated",
      dataOf(
        z.object({
          message: z.string().openapi({ description: "`<n> runs moved to version <v>`." }),
          version: z.int().openapi({ description: "The current version, which the runs moved to." }),
          moved: z.int().min(0).openapi({ description: "Active runs now on the current version." }),
          kept: z.int().min(0).openapi({
            description:
              "Active runs left on theirs: the step they rest on is not in the current version as the same kind.",
          }),
        }),
      ),
    ),
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
