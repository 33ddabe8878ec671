import {
  durationMs,
  type Sequence,
  type SequenceContact,
  type SequenceRun,
  type SequenceSettings,
  type SequenceStep,
  type StepContact,
  type StoredStep,
} from "@relay/domain";
import type { RunRow, RunStepRow, SequenceRow, VersionRow } from "../db/schema.js";

const iso = (at: Date | null) => (at ? { iso: at.toISOString() } : undefined);

/** A step as the API shows it: the contract's `delay` in whole seconds, ours as written beside it. */
export function toStep(step: StoredStep): SequenceStep {
  const common = { id: step.id, key: step.key, type: step.type };
  switch (step.type) {
    case "send":
      return {
        ...common,
        ...(step.body !== undefined && { body: step.body }),
        ...(step.subject !== undefined && { subject: step.subject }),
        ...(step.template && { template: step.template }),
        delay: step.delay ? durationMs(step.delay) / 1000 : 0,
        ...(step.delay && { delay_duration: step.delay }),
        ...(step.business_hours && { business_hours: true }),
        ...(step.next && { next: step.next }),
        ...(step.on_failure && { on_failure: step.on_failure }),
      };
    case "wait_for_reply":
      return {
        ...common,
        delay: 0,
        timeout: step.timeout,
        on_reply: step.on_reply,
        on_timeout: step.on_timeout,
      };
    case "branch":
      return {
        ...common,
        delay: 0,
        rules: step.rules,
        ...(step.any_reply && { any_reply: step.any_reply }),
        otherwise: step.otherwise,
      };
    case "collect":
      return {
        ...common,
        body: step.body,
        ...(step.subject !== undefined && { subject: step.subject }),
        delay: step.delay ? durationMs(step.delay) / 1000 : 0,
        ...(step.delay && { delay_duration: step.delay }),
        ...(step.business_hours && { business_hours: true }),
        answer: step.answer,
        field: step.field,
        timeout: step.timeout,
        ...(step.retry_body && { retry_body: step.retry_body }),
        ...(step.next && { next: step.next }),
        ...(step.on_invalid && { on_invalid: step.on_invalid }),
        ...(step.on_timeout && { on_timeout: step.on_timeout }),
      };
    case "tag":
      return {
        ...common,
        delay: 0,
        add: step.add,
        remove: step.remove,
        ...(step.next && { next: step.next }),
      };
    case "assign":
      return {
        ...common,
        delay: 0,
        ...(step.user_id !== undefined && { user_id: step.user_id }),
        ...(step.team_id !== undefined && { team_id: step.team_id }),
        ...(step.next && { next: step.next }),
      };
    case "webhook":
      return {
        ...common,
        delay: 0,
        url: step.url,
        method: step.method,
        ...(step.headers && { headers: step.headers }),
        ...(step.payload && { payload: step.payload }),
        ...(step.timeout_ms !== undefined && { timeout_ms: step.timeout_ms }),
        ...(step.rules.length > 0 && { rules: step.rules }),
        ...(step.next && { next: step.next }),
        ...(step.on_failure && { on_failure: step.on_failure }),
      };
    case "move":
      return { ...common, delay: 0, sequence_id: step.sequence_id };
    case "end":
      return { ...common, delay: 0 };
  }
}

export function toSequence(row: SequenceRow, version: VersionRow): Sequence {
  const settings = version.settings as SequenceSettings;
  return {
    id: row.id,
    title: row.title,
    status: row.status as Sequence["status"],
    version: row.version,
    channel_id: row.channel_id,
    from: row.from,
    settings: {
      stop_on_reply: settings.stop_on_reply,
      re_entry: settings.re_entry,
      on_takeover: settings.on_takeover ?? "pause",
      quiet_hours: settings.quiet_hours ?? null,
      triggers: settings.triggers ?? [],
    },
    steps: (version.steps as StoredStep[]).map(toStep),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toRun(row: RunRow): SequenceRun {
  return {
    id: row.id,
    sequence_id: row.sequence_id,
    contact_id: row.contact_id,
    status: row.status as SequenceRun["status"],
    ...(row.stop_reason && { stop_reason: row.stop_reason as SequenceRun["stop_reason"] }),
    version: row.version,
    channel_id: row.channel_id,
    ...(row.current_step_id && { current_step_id: row.current_step_id }),
    ...(row.last_reply !== null && { last_reply: row.last_reply }),
    ...(row.paused_at && { paused_at: row.paused_at.toISOString() }),
    ...(row.paused_by && { paused_by: row.paused_by as SequenceRun["paused_by"] }),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ...(row.completed_at && { completed_at: row.completed_at.toISOString() }),
  };
}

export function toSequenceContact(row: RunRow): SequenceContact {
  return {
    id: row.contact_id,
    run_id: row.id,
    run_status: row.status as SequenceContact["run_status"],
    ...(row.stop_reason && { stop_reason: row.stop_reason as SequenceContact["stop_reason"] }),
    ...(row.current_step_id && { current_step_id: row.current_step_id }),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toStepContact(row: RunStepRow, run: Pick<RunRow, "sequence_id" | "contact_id">): StepContact {
  return {
    id: row.id,
    run_id: row.run_id,
    sequence_id: run.sequence_id,
    contact_id: run.contact_id,
    step_id: row.step_id,
    step_key: row.step_key,
    type: row.type as StepContact["type"],
    state: row.state as StepContact["state"],
    ...(row.outcome && { outcome: row.outcome }),
    entered_at: row.entered_at.toISOString(),
    ...(row.due_at && { due_at: iso(row.due_at)?.iso }),
    ...(row.done_at && { done_at: iso(row.done_at)?.iso }),
    ...(row.message_id && { message_id: row.message_id }),
    ...(row.body !== null && { body: row.body }),
    ...(row.reply !== null && { reply: row.reply }),
    ...(row.error !== null && { error: row.error }),
    ...(row.webhook !== null && { webhook: row.webhook }),
    ...(row.next_step_id && { next_step_id: row.next_step_id }),
  };
}
