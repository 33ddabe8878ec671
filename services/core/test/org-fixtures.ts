import type { EventEnvelope } from "@relay/domain";
import { type Bus, connectBus } from "@relay/service-kit";
import { testNatsUrl, waitFor } from "@relay/testing";
import type { CoreHarness } from "./harness.js";

/** Helpers for the organization, API key, user, team and channel tests. */

/** Reply bodies are checked by the assertions (and against the contract), not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = any;

export interface Reply<T = Loose> {
  status: number;
  body: T;
  text: string;
}

export interface ErrorReply {
  error: string;
  status: number;
  code: string;
  details?: Array<{ field: string; message: string }>;
}

export interface TestOrganization {
  id: string;
  /** The API key minted with the organization. */
  key: string;
  api_key_id: string;
  /** Calls `/v1…` as the gateway would for this organization. */
  call<T = Loose>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
}

/** Every response body a test file saw, so it can check that no secret ever appeared. */
export const seenBodies: string[] = [];

async function toReply<T>(res: Response): Promise<Reply<T>> {
  const text = await res.text();
  seenBodies.push(text);
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

function encode(body: unknown): { body?: string } {
  if (body === undefined) return {};
  return { body: typeof body === "string" ? body : JSON.stringify(body) };
}

/** Calls `/admin…` with the internal and admin tokens. */
export async function admin<T = Loose>(core: CoreHarness, method: string, path: string, body?: unknown) {
  return toReply<T>(await core.admin(`/admin${path}`, { method, ...encode(body) }));
}

/** Calls `/v1…` for any organization id (or none). */
export async function v1<T = Loose>(
  core: CoreHarness,
  organizationId: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  return toReply<T>(await core.call(`/v1${path}`, { method, organizationId, ...encode(body) }));
}

/** A new organization, created through the admin route as an operator would. */
export async function createOrganization(
  core: CoreHarness,
  input: { name?: string; default_country?: string } = {},
): Promise<TestOrganization> {
  const res = await admin(core, "POST", "/organizations", { name: input.name ?? "Acme", ...input });
  if (res.status !== 201) throw new Error(`creating an organization answered ${res.status}: ${res.text}`);
  const { organization, api_key } = res.body.data;
  return {
    id: organization.id,
    key: api_key.key,
    api_key_id: api_key.id,
    call: (method, path, body) => v1(core, organization.id, method, path, body),
  };
}

/** The fields a 422 names. */
export function fieldsOf(reply: Reply<ErrorReply>): string[] {
  return (reply.body.details ?? []).map((detail) => detail.field);
}

export interface EventLog {
  bus: Bus;
  /** Every event core published in the test's namespace so far, in order. */
  events(): Promise<EventEnvelope[]>;
  /** Polls the CORE stream until an event matching `predicate` is there. */
  waitForEvent(type: string, predicate?: (event: EventEnvelope) => boolean): Promise<EventEnvelope>;
  close(): Promise<void>;
}

/** Reads core's stream in the test's NATS namespace. */
export async function eventLog(core: CoreHarness): Promise<EventLog> {
  const bus = await connectBus({ url: testNatsUrl(), name: "core-test", namespace: core.namespace });
  const stream = bus.stream("core.x");
  const seen: EventEnvelope[] = [];
  let nextSeq = 1;
  async function events(): Promise<EventEnvelope[]> {
    const info = await bus.jsm.streams.info(stream);
    for (; nextSeq <= info.state.last_seq; nextSeq++) {
      const message = await bus.jsm.streams.getMessage(stream, { seq: nextSeq });
      if (message) seen.push(message.json<EventEnvelope>());
    }
    return [...seen];
  }
  return {
    bus,
    events,
    waitForEvent(type, predicate = () => true) {
      return waitFor(async () => (await events()).find((e) => e.type === type && predicate(e)), {
        description: `a ${type} event`,
      });
    },
    close: () => bus.close(),
  };
}
