import type { JetStreamClient } from "@nats-io/jetstream";
import { type ObjectStore, Objm } from "@nats-io/obj";
import { nanos } from "@nats-io/transport-node";
import type { EventEnvelope } from "@relay/domain";
import { z } from "zod";

/**
 * Events travel inline up to this size; a larger one (a 500 KB email) is put in a JetStream
 * object store and the stream carries a reference (a claim check). NATS refuses messages over
 * its `max_payload` (1 MiB by default), so this stays well below it.
 */
export const INLINE_EVENT_BYTES = 256 * 1024;

/** Nothing on the bus is larger than this, even by reference: a bigger event is a bug upstream. */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** How long a stored payload outlives its event: longer than any consumer's redelivery horizon. */
const PAYLOAD_TTL_MS = 7 * 24 * 3_600_000;

/** What the stream carries instead of a large event: its envelope without `data`, and where the whole is. */
export const PayloadReference = z.object({
  id: z.string(),
  type: z.string(),
  organization_id: z.string(),
  occurred_at: z.string(),
  payload_ref: z.object({ bucket: z.string(), name: z.string(), bytes: z.number().int() }),
});
export type PayloadReference = z.infer<typeof PayloadReference>;

/** An event that can never be published (too large even by reference): the relay sets it aside. */
export class EventTooLargeError extends Error {
  override name = "EventTooLargeError";
}

/** The object store holding large event payloads, opened (and created) on first use. */
export class LargePayloads {
  private store: Promise<ObjectStore> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    readonly bucket: string,
    private readonly replicas = 1,
  ) {}

  /** The bytes to publish for `event`: itself when small, else a reference to its stored copy. */
  async encode(event: EventEnvelope, bytes: Uint8Array): Promise<Uint8Array> {
    if (bytes.length <= INLINE_EVENT_BYTES) return bytes;
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new EventTooLargeError(`event ${event.id} is ${bytes.length} bytes (max ${MAX_EVENT_BYTES})`);
    }
    // Named by event id: a republish after a crash overwrites the same object.
    await (await this.open()).putBlob({ name: event.id }, bytes);
    const reference: PayloadReference = {
      id: event.id,
      type: event.type,
      organization_id: event.organization_id,
      occurred_at: event.occurred_at,
      payload_ref: { bucket: this.bucket, name: event.id, bytes: bytes.length },
    };
    return new TextEncoder().encode(JSON.stringify(reference));
  }

  /** The event a received message stands for: the message itself, or the payload it references. */
  async decode(raw: unknown): Promise<unknown> {
    if (typeof raw !== "object" || raw === null || !("payload_ref" in raw)) return raw;
    const reference = PayloadReference.safeParse(raw);
    if (!reference.success) return raw;
    const bytes = await (await this.open()).getBlob(reference.data.payload_ref.name);
    if (!bytes) throw new Error(`payload of event ${reference.data.id} is gone from ${this.bucket}`);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  private open(): Promise<ObjectStore> {
    this.store ??= new Objm(this.js)
      .create(this.bucket, { ttl: nanos(PAYLOAD_TTL_MS), replicas: this.replicas })
      .catch((error) => {
        this.store = undefined;
        throw error;
      });
    return this.store;
  }
}
