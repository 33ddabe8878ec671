import { z } from "zod";

/** Every event on the bus has this envelope; `data` is typed per event. */
export const EventEnvelope = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  organization_id: z.uuid(),
  occurred_at: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/**
 * An event is declared once: its subject (which is also its `type`) and the schema of its data.
 * Producers and consumers both parse with `envelopeOf(def)`.
 */
export interface EventDef<Subject extends string = string, Data extends z.ZodType = z.ZodType> {
  subject: Subject;
  data: Data;
}

export type EventOf<D extends EventDef> = Omit<EventEnvelope, "data" | "type"> & {
  type: D["subject"];
  data: z.output<D["data"]>;
};

export function defineEvent<const S extends string, D extends z.ZodType>(
  subject: S,
  data: D,
): EventDef<S, D> {
  return { subject, data };
}

function buildEnvelope<D extends EventDef>(def: D) {
  return EventEnvelope.extend({ type: z.literal(def.subject), data: def.data });
}

// Built once per event: zod compiles a schema on its first parse, so a fresh one per event is costly.
const envelopes = new WeakMap<EventDef, ReturnType<typeof buildEnvelope>>();

export function envelopeOf<D extends EventDef>(def: D): ReturnType<typeof buildEnvelope<D>> {
  let schema = envelopes.get(def);
  if (!schema) {
    schema = buildEnvelope(def);
    envelopes.set(def, schema);
  }
  return schema as ReturnType<typeof buildEnvelope<D>>;
}

/**
 * The stream a subject belongs to. Events: one stream per producing service
 * (`core.contact.created` → `CORE`). Commands: one stream per receiving service
 * (`cmd.phone.send` → `CMD_PHONE`), which any service may publish to.
 */
export function streamOf(subject: string): string {
  const [first, second] = subject.split(".");
  if (!first) throw new Error(`subject without a service prefix: ${subject}`);
  if (first === "cmd") {
    if (!second) throw new Error(`command subject without a service: ${subject}`);
    return `CMD_${second.toUpperCase()}`;
  }
  return first.toUpperCase();
}

/** The subjects a stream holds, for the stream of `root` (`core` or `cmd.phone`). */
export function streamSubjects(root: string): string {
  return `${root}.>`;
}
