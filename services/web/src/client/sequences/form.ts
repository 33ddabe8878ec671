import type { DelayUnit, Sequence, SequenceSettings, SequenceStep, SequenceTrigger } from "@relay/domain";

/**
 * The step editor's state and the API's bodies, both ways. The editor holds what the API reads
 * (flat step fields, any of them missing until the API says it needs them) and sends it back
 * without judging it: what is valid is the API's answer (a 422 per field), not a copy here.
 */

export type StepType = SequenceStep["type"];

/** A delay or timeout being typed: the number may be missing until the API asks for it. */
export interface DraftDuration {
  value?: number | undefined;
  unit: DelayUnit;
}

/** A step as the editor holds it: the API's fields as read, plus the editor's own handle. */
export type StepDraft = Omit<SequenceStep, "id" | "delay" | "delay_duration" | "timeout" | "payload"> & {
  /** Survives key edits and reorders: a 422 found at `steps.<i>` stays on its step. */
  uid: string;
  template_id?: string | undefined;
  delay?: DraftDuration | undefined;
  timeout?: DraftDuration | undefined;
  /** A webhook's JSON body; the text as typed while it is not a JSON object (the API then names it). */
  payload?: Record<string, unknown> | string | undefined;
};

export type TriggerDraft = Partial<{
  tag_id: string;
  keywords: string[];
  channel_id: string;
  event: string;
}> & { uid: string; type: SequenceTrigger["type"] };

export interface SettingsDraft {
  stop_on_reply: boolean;
  re_entry: SequenceSettings["re_entry"];
  on_takeover: SequenceSettings["on_takeover"];
  quiet_hours: { start: string; end: string } | null;
  triggers: TriggerDraft[];
}

export interface SequenceDraft {
  title: string;
  /** "" leaves the choice to the API (the oldest phone channel). */
  channel_id: string;
  steps: StepDraft[];
  settings: SettingsDraft;
}

/** The fields that name another step by its key (a rename carries them along). */
const TARGET_FIELDS = [
  "next",
  "on_failure",
  "on_reply",
  "on_timeout",
  "any_reply",
  "otherwise",
  "on_invalid",
] as const;

/** The key a new step of a type is offered: `send_1`, `wait_2`… (the first one not taken). */
const KEY_BASE: Partial<Record<StepType, string>> = { wait_for_reply: "wait" };

let uids = 0;
export const newUid = () => `u${++uids}`;

export const DEFAULT_SETTINGS: SettingsDraft = {
  stop_on_reply: true,
  re_entry: "allow",
  on_takeover: "pause",
  quiet_hours: null,
  triggers: [],
};

/** A step read from the API, as the editor holds it: `delay` as written, not the contract's seconds. */
export function stepFromApi(step: SequenceStep): StepDraft {
  const { id: _id, delay: _seconds, delay_duration, ...fields } = step;
  return { ...fields, uid: newUid(), ...(delay_duration && { delay: delay_duration }) };
}

export function triggerFromApi(trigger: SequenceTrigger): TriggerDraft {
  return { ...trigger, uid: newUid() };
}

export function sequenceFromApi(sequence: Sequence): SequenceDraft {
  const { settings } = sequence;
  return {
    title: sequence.title,
    channel_id: sequence.channel_id,
    steps: sequence.steps.map(stepFromApi),
    settings: {
      stop_on_reply: settings.stop_on_reply,
      re_entry: settings.re_entry,
      on_takeover: settings.on_takeover,
      quiet_hours: settings.quiet_hours,
      triggers: settings.triggers.map(triggerFromApi),
    },
  };
}

/**
 * What an input left blank sends: nothing. Empty texts, lists and numbers are dropped (the API
 * then says the field is required where it is); objects in a list are kept in place, so a
 * 422's `rules.<i>` still names the rule on screen.
 */
function compact(value: unknown): unknown {
  if (value === undefined || value === "" || Number.isNaN(value)) return undefined;
  if (Array.isArray(value)) {
    const items = value
      .map((item) =>
        item !== null && typeof item === "object" && !Array.isArray(item)
          ? compactObject(item)
          : compact(item),
      )
      .filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === "object") {
    const object = compactObject(value as Record<string, unknown>);
    return Object.keys(object).length > 0 ? object : undefined;
  }
  return value;
}

function compactObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(object)) {
    const kept = compact(field);
    if (kept !== undefined) out[name] = kept;
  }
  return out;
}

/** A step as `POST`/`PUT /v1/sequences` take it. */
export function stepToBody(step: StepDraft): Record<string, unknown> {
  const { uid: _uid, payload, headers, ...fields } = step;
  // A duration without its number is no duration: an optional delay is then absent, a timeout missing.
  const durations = { delay: fields.delay?.value, timeout: fields.timeout?.value };
  const body = compactObject({
    ...fields,
    delay: durations.delay === undefined ? undefined : fields.delay,
    timeout: durations.timeout === undefined ? undefined : fields.timeout,
  });
  // A webhook's payload and headers are data as written: an empty text in them is a value, not a blank input.
  return {
    key: step.key,
    type: step.type,
    ...body,
    ...(headers && Object.keys(headers).length > 0 && { headers }),
    ...(payload !== undefined && { payload }),
  };
}

export function triggerToBody(trigger: TriggerDraft): Record<string, unknown> {
  const { uid: _uid, ...fields } = trigger;
  return { type: trigger.type, ...compactObject(fields) };
}

export function settingsToBody(settings: SettingsDraft) {
  return {
    stop_on_reply: settings.stop_on_reply,
    re_entry: settings.re_entry,
    on_takeover: settings.on_takeover,
    quiet_hours: settings.quiet_hours,
    triggers: settings.triggers.map(triggerToBody),
  };
}

/** The body of `POST /v1/sequences` and of `PUT /v1/sequences/{id}` (a new version). */
export function sequenceToBody(draft: SequenceDraft) {
  return {
    ...(draft.title !== "" && { title: draft.title }),
    ...(draft.channel_id !== "" && { channel_id: draft.channel_id }),
    steps: draft.steps.map(stepToBody),
    settings: settingsToBody(draft.settings),
  };
}

export function uniqueKey(steps: readonly Pick<StepDraft, "key">[], type: StepType): string {
  const base = KEY_BASE[type] ?? type;
  const taken = new Set(steps.map((step) => step.key));
  for (let n = 1; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Renames a step's key and every target that named it (so a rename never breaks the graph). */
export function renameKey(steps: readonly StepDraft[], from: string, to: string): StepDraft[] {
  if (from === to) return [...steps];
  const retarget = (name: string | undefined) => (name === from ? to : name);
  return steps.map((step) => {
    const next: StepDraft = { ...step, key: step.key === from ? to : step.key };
    for (const field of TARGET_FIELDS) if (step[field] !== undefined) next[field] = retarget(step[field]);
    if (step.rules) next.rules = step.rules.map((rule) => ({ ...rule, next: retarget(rule.next) ?? "" }));
    return next;
  });
}

export function moveStep<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export interface FieldProblem {
  /** The field below the step (`body`, `rules.0.next`), or "" for the step itself. */
  field: string;
  message: string;
}

/** A 422's details sorted out: each step's (by its uid at the time of the save), and the rest. */
export interface SaveProblems {
  steps: Map<string, FieldProblem[]>;
  other: FieldProblem[];
}

export function sortProblems(
  details: ReadonlyArray<{ field: string; message: string }>,
  uidsAtSave: readonly string[],
): SaveProblems {
  const problems: SaveProblems = { steps: new Map(), other: [] };
  for (const detail of details) {
    const match = /^steps\.(\d+)(?:\.(.*))?$/.exec(detail.field);
    const uid = match ? uidsAtSave[Number(match[1])] : undefined;
    if (!match || uid === undefined) {
      problems.other.push(detail);
      continue;
    }
    const list = problems.steps.get(uid) ?? [];
    list.push({ field: match[2] ?? "", message: detail.message });
    problems.steps.set(uid, list);
  }
  return problems;
}

/** The message for a field, exact or the first below it (`delay` covers `delay.value`). */
export function problemAt(problems: readonly FieldProblem[] | undefined, field: string): string | undefined {
  return problems?.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message;
}

/** Problems no input of the step shows (the step itself: "is not reachable…"), shown on its card. */
export function unplacedProblems(
  problems: readonly FieldProblem[] | undefined,
  shown: readonly string[],
): FieldProblem[] {
  return (problems ?? []).filter(
    (p) => !shown.some((field) => p.field === field || p.field.startsWith(`${field}.`)),
  );
}
