import type { Subscription } from "@nats-io/transport-node";
import { AppError, type Contact, ResolveContact } from "@relay/domain";
import { createLogger, Idempotency, request, SecretsCipher, transactor } from "@relay/service-kit";
import { TEST_ADMIN_TOKEN, TEST_CREDENTIALS_KEY, TEST_INTERNAL_TOKEN } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDeps } from "../src/deps.js";
import { contactRpc } from "../src/rpc/contacts.js";
import { CredentialsCipher } from "../src/services/credentials-cipher.js";
import { type ContactFixtures, contactFixtures, contactsApi } from "./contacts-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";

type List = { data: Contact[]; total: number };

let core: CoreHarness;
let fx: ContactFixtures;
let subscriptions: Subscription[] = [];
beforeAll(async () => {
  core = await startCore();
  fx = await contactFixtures(core);
  // Until rpc/index.ts calls contactRpc, nobody answers: then answer here with the same handler
  // and deps shaped like start.ts builds them. Once it is wired, core's own responder is tested.
  if (!(await coreAnswers())) {
    const deps: CoreDeps = {
      db: fx.database.db,
      transact: transactor(fx.database.db),
      idempotency: new Idempotency(fx.database.db as never, 3_600_000),
      logger: createLogger("core-test", "silent"),
      internalToken: TEST_INTERNAL_TOKEN,
      adminToken: TEST_ADMIN_TOKEN,
      defaultCountry: "US",
      readiness: [],
      credentials: new CredentialsCipher(new SecretsCipher(Buffer.from(TEST_CREDENTIALS_KEY, "base64"))),
    };
    subscriptions = contactRpc(deps, fx.bus);
  }
  await fx.bus.nc.flush();
});
afterAll(async () => {
  for (const subscription of subscriptions) subscription.unsubscribe();
  await fx?.close();
  await core?.stop();
});

/** Does anything answer the subject? (NATS says "no responders" at once when nothing does.) */
async function coreAnswers(): Promise<boolean> {
  try {
    await fx.bus.nc.request(fx.bus.subject(ResolveContact.subject), "{}", { timeout: 2_000 });
    return true;
  } catch {
    return false;
  }
}

const resolve = (payload: Parameters<typeof request<typeof ResolveContact>>[2]) =>
  request(fx.bus, ResolveContact, payload);

async function rejection(payload: Parameters<typeof resolve>[0]): Promise<AppError> {
  const error = await resolve(payload).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("rpc.core.contact.resolve", () => {
  it("creates a contact for a new phone once, then finds it in any format", async () => {
    const organizationId = await fx.createOrganization();
    const created = await resolve({
      organization_id: organizationId,
      phone: "(415) 555-0180",
      name: "Caller",
    });
    expect(created).toMatchObject({ phone: "+14155550180", name: "Caller", state: "open" });

    for (const phone of ["+14155550180", "415 555 0180", "+1 (415) 555-0180"]) {
      expect(await resolve({ organization_id: organizationId, phone, name: "Someone else" })).toEqual(
        created,
      );
    }
    const listed = await contactsApi(core, organizationId)<List>("GET", "");
    expect(listed.body).toEqual({ data: [created], total: 1 });

    const event = await fx.waitForEvent("created by resolve", (e) => (e.data as Contact).id === created.id);
    expect(event).toMatchObject({
      type: "core.contact.created",
      organization_id: organizationId,
      data: created,
    });
  });

  it("finds a contact by email, case-insensitively, and creates email-only contacts", async () => {
    const organizationId = await fx.createOrganization();
    const api = contactsApi(core, organizationId);
    const existing = (await api<{ data: Contact }>("POST", "", { email: "Pat@Example.com", name: "Pat" }))
      .body.data;
    expect(await resolve({ organization_id: organizationId, email: "pat@EXAMPLE.com" })).toEqual(existing);

    const fresh = await resolve({ organization_id: organizationId, email: "new@example.com" });
    expect(fresh.id).not.toBe(existing.id);
    expect(fresh).toMatchObject({ email: "new@example.com" });
    expect(fresh).not.toHaveProperty("phone");
  });

  it("prefers the phone's contact when phone and email lead to different ones", async () => {
    const organizationId = await fx.createOrganization();
    const api = contactsApi(core, organizationId);
    const byEmail = (await api<{ data: Contact }>("POST", "", { email: "x@example.com" })).body.data;
    const byPhone = (await api<{ data: Contact }>("POST", "", { phone: "+14155550181" })).body.data;
    const found = await resolve({
      organization_id: organizationId,
      phone: "+14155550181",
      email: "x@example.com",
    });
    expect(found.id).toBe(byPhone.id);
    expect(found.id).not.toBe(byEmail.id);
  });

  it("creates one contact when asked concurrently", async () => {
    const organizationId = await fx.createOrganization();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => resolve({ organization_id: organizationId, phone: "+14155550182" })),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect((await contactsApi(core, organizationId)<List>("GET", "")).body.total).toBe(1);
  });

  it("keeps organizations apart", async () => {
    const orgA = await fx.createOrganization();
    const orgB = await fx.createOrganization();
    const a = await resolve({ organization_id: orgA, phone: "+14155550183" });
    const b = await resolve({ organization_id: orgB, phone: "+14155550183" });
    expect(b.id).not.toBe(a.id);
  });

  it("answers bad requests with a validation error naming the field", async () => {
    const organizationId = await fx.createOrganization();
    const badPhone = await rejection({ organization_id: organizationId, phone: "12345" });
    expect(badPhone.code).toBe("validation_failed");
    expect(badPhone.details?.map((d) => d.field)).toEqual(["phone"]);

    // The requester validates too, so send this one raw to see core's own answer.
    const raw = await fx.bus.nc.request(
      fx.bus.subject(ResolveContact.subject),
      JSON.stringify({ organization_id: organizationId, name: "No way to reach" }),
      { timeout: 5_000 },
    );
    expect(raw.json()).toEqual({
      ok: false,
      error: {
        code: "validation_failed",
        message: "phone: phone or email is required",
        details: [{ field: "phone", message: "phone or email is required" }],
      },
    });
    expect((await contactsApi(core, organizationId)<List>("GET", "")).body.total).toBe(0);
  });

  it("answers not found for an unknown organization", async () => {
    const error = await rejection({ organization_id: crypto.randomUUID(), phone: "+14155550184" });
    expect(error.code).toBe("not_found");
  });
});
