import { z } from "zod";
import { TagName } from "../core/tag.js";
import { UserId } from "../core/user.js";
import { WhatsAppTemplate } from "../messaging/whatsapp.js";
import { StepKey } from "./step-key.js";
import { WebhookStepInput } from "./webhook-step.js";

export { StepKey } from "./step-key.js";

export const DelayUnit = z.enum(["minutes", "hours", "days"]);
export type DelayUnit = z.infer<typeof DelayUnit>;

/** A length of time as a person writes it: `{value: 2, unit: "days"}` (at most a year). */
export const Duration = z
  .strictObject({ value: z.int().min(0).max(525_600), unit: DelayUnit })
  .refine((d) => durationMs(d) <= 366 * 86_400_000, { message: "must be at most a year" });
export type Duration = z.infer<typeof Duration>;

const UNIT_MS: Record<DelayUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
export const durationMs = (d: { value: number; unit: DelayUnit }) => d.value * UNIT_MS[d.unit];

const stepCommon = { key: StepKey.optional() };

/**
 * Most characters of a step's text as it is parsed; the channel's own limit (SMS 1,000,
 * WhatsApp 4,096) is checked when the sequence is saved, its channel known.
 */
export const MAX_STEP_BODY = 20_000;
const Body = z.string().trim().min(1).max(MAX_STEP_BODY);
/** An email step's subject: one line, sent as written. */
const Subject = z
  .string()
  .trim()
  .min(1)
  .max(998)
  .regex(/^[^\r\n]*$/, "must be one line");

/** What an answer must be to count: any text, a number, an email address, a date, yes or no. */
export const AnswerKind = z.enum(["text", "number", "email", "date", "yes_no"]);
export type AnswerKind = z.infer<typeof AnswerKind>;

/** Where a collected answer is stored on the contact: one of its fields, or a property. */
export const AnswerField = z
  .string()
  .trim()
  .regex(
    /^(name|email|language|properties\.[A-Za-z0-9_-]{1,64})$/,
    "must be name, email, language or properties.<key>",
  );

/**
 * A step with a text to send: `body`, or a saved message template's (copied when saved), or
 * (a send on a WhatsApp channel) an approved WhatsApp `template`: exactly one of them.
 */
function oneText(
  step: { type?: string; body?: string | undefined; template_id?: string | undefined; template?: unknown },
  ctx: z.RefinementCtx,
) {
  const given = [step.body, step.template_id, step.template].filter((v) => v !== undefined).length;
  if (given !== 1)
    ctx.addIssue({
      code: "custom",
      path: ["body"],
      message: `give ${TEXTS[step.type ?? ""] ?? "body or template_id"}, one of them`,
    });
}
const TEXTS: Record<string, string> = { send: "body, template_id or template" };

/**
 * Sends a message on the run's channel (an SMS, an email with `subject`, a WhatsApp text or
 * `template`) after `delay` (none: at once; with `business_hours`, held until the channel is
 * open); then `next`, or the step after it. Its text is `body`, or a saved message template's
 * (`template_id`, copied when the sequence is saved). A send conversations refuses (other than
 * for an opt-out) goes to `on_failure` when given, else stops the run `failed`.
 */
export const SendStepInput = z
  .strictObject({
    ...stepCommon,
    type: z.literal("send"),
    body: Body.optional(),
    template_id: z.uuid().optional(),
    template: WhatsAppTemplate.optional(),
    subject: Subject.optional(),
    delay: Duration.optional(),
    business_hours: z.boolean().optional(),
    next: StepKey.optional(),
    on_failure: StepKey.optional(),
  })
  .superRefine(oneText);

/** Waits up to `timeout` for the contact's reply on the channel: `on_reply` if one comes, else `on_timeout`. */
export const WaitForReplyStepInput = z.strictObject({
  ...stepCommon,
  type: z.literal("wait_for_reply"),
  timeout: Duration,
  on_reply: StepKey,
  on_timeout: StepKey,
});

/** A branch rule: the reply is one of `keywords`, or reads as an `answer` of that kind. */
export const BranchRule = z
  .strictObject({
    keywords: z.array(z.string().trim().min(1).max(160)).min(1).max(50).optional(),
    answer: AnswerKind.optional(),
    next: StepKey,
  })
  .superRefine((rule, ctx) => {
    if ((rule.keywords === undefined) === (rule.answer === undefined))
      ctx.addIssue({ code: "custom", path: ["keywords"], message: "give keywords or answer, one of them" });
  });

/** Reads the run's last reply: the first rule it matches (keywords case-insensitive), else `any_reply`, else `otherwise`. */
export const BranchStepInput = z.strictObject({
  ...stepCommon,
  type: z.literal("branch"),
  rules: z.array(BranchRule).max(50).default([]),
  any_reply: StepKey.optional(),
  otherwise: StepKey,
});

/**
 * Asks a question (`body` or `template_id`, after `delay`) and waits up to `timeout` for the
 * answer; an answer of the `answer` kind is stored in the contact's `field` and the run goes on
 * to `next` (or the step after). A bad answer is asked again once (`retry_body`, else the
 * question); a second one goes to `on_invalid`, no answer to `on_timeout` (both default to `next`).
 */
export const CollectStepInput = z
  .strictObject({
    ...stepCommon,
    type: z.literal("collect"),
    body: Body.optional(),
    template_id: z.uuid().optional(),
    subject: Subject.optional(),
    delay: Duration.optional(),
    business_hours: z.boolean().optional(),
    answer: AnswerKind,
    field: AnswerField,
    timeout: Duration,
    retry_body: Body.optional(),
    next: StepKey.optional(),
    on_invalid: StepKey.optional(),
    on_timeout: StepKey.optional(),
  })
  .superRefine((step, ctx) => {
    oneText(step, ctx);
    const needs =
      step.field === "email" ? "email" : step.field.startsWith("properties.") ? undefined : "text";
    if (needs && step.answer !== needs)
      ctx.addIssue({
        code: "custom",
        path: ["answer"],
        message: `must be "${needs}" for the ${step.field} field`,
      });
  });

/** Puts tags on the contact and takes tags off it, by name (a new name creates the tag); then `next`. */
export const TagStepInput = z
  .strictObject({
    ...stepCommon,
    type: z.literal("tag"),
    add: z.array(TagName).max(20).default([]),
    remove: z.array(TagName).max(20).default([]),
    next: StepKey.optional(),
  })
  .superRefine((step, ctx) => {
    if (step.add.length + step.remove.length === 0)
      ctx.addIssue({ code: "custom", path: ["add"], message: "add or remove at least one tag" });
  });

/**
 * Assigns the run's conversation (the contact's on the run's channel) to a user and/or a team;
 * then `next`. A user assigned is a person taking the conversation over: see `on_takeover`.
 */
export const AssignStepInput = z
  .strictObject({
    ...stepCommon,
    type: z.literal("assign"),
    user_id: UserId.optional(),
    team_id: z.uuid().optional(),
    next: StepKey.optional(),
  })
  .superRefine((step, ctx) => {
    if (step.user_id === undefined && step.team_id === undefined)
      ctx.addIssue({ code: "custom", path: ["user_id"], message: "give user_id or team_id (or both)" });
  });

/** Ends this run (`moved`) and enrolls the contact in another active sequence of the organization. */
export const MoveStepInput = z.strictObject({
  ...stepCommon,
  type: z.literal("move"),
  sequence_id: z.uuid(),
});

export const EndStepInput = z.strictObject({ ...stepCommon, type: z.literal("end") });

export const StepInput = z.discriminatedUnion("type", [
  SendStepInput,
  WaitForReplyStepInput,
  BranchStepInput,
  CollectStepInput,
  TagStepInput,
  AssignStepInput,
  WebhookStepInput,
  MoveStepInput,
  EndStepInput,
]);
export type StepInput = z.infer<typeof StepInput>;
export const STEP_TYPES = [
  "send",
  "wait_for_reply",
  "branch",
  "collect",
  "tag",
  "assign",
  "webhook",
  "move",
  "end",
] as const;
