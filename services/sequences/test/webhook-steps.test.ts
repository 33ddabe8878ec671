import { randomBytes } from "node:crypto";
import { CreateSequence, type StepInput, type ValidationError } from "@relay/domain";
import { INTERNAL_TOKEN_HEADER, keyId, ORGANIZATION_HEADER, SecretsCipher } from "@relay/service-kit";
import { namedLookup, TEST_CREDENTIALS_KEY, WebhookReceiver } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { getSigningSecret, sealSigningSecrets, sequenceSecrets } from "../src/services/signing-secret.js";
import { timerPass } from "../src/services/timer-pass.js";
import { changeSequenceStatus, createSequence } from "../src/services/write-sequence.js";
import { flowsOf, MINUTE } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

/** Names the test controls: `rebind.test` resolves to a public address at first, then to a private one. */
const names = new Map<string, string>([
  ["private.test", "10.1.2.3"],
  ["rebind.test", "93.184.216.34"],
]);
const lookup = namedLookup(names);

let h: Harness;
let strict: Harness;
let f: ReturnType<typeof flowsOf>;
let receiver: WebhookReceiver;
beforeAll(async () => {
  [h, strict, receiver] = await Promise.all([
    openHarness(),
    openHarness({ allowLocalhost: false, lookup }),
    WebhookReceiver.start(),
  ]);
  f = flowsOf(h);
});
afterAll(async () => {
  await receiver?.stop();
  await h?.close();
  await strict?.close();
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: ValidationError) => error.details?.map((d) => `${d.field}: ${d.message}`),
  );
const create = (on: Harness, steps: unknown[]) =>
  createSequence(on.deps, on.organizationId, CreateSequence.parse({ title: "Hooks", steps }));

/** An active sequence on `h` whose receiver path trusts its secret. */
async function hooked(path: string, steps: unknown[]) {
  const sequence = await create(h, steps);
  await changeSequenceStatus(h.deps, h.organizationId, sequence.id, "activate");
  receiver.trust(path, (await getSigningSecret(h.deps, h.organizationId, sequence.id)).signing_secret);
  return sequence;
}
const webhook = (path: string, extra: Record<string, unknown> = {}) => ({
  type: "webhook",
  key: "call",
  url: `${receiver.url}${path}`,
  ...extra,
});
const after = (key: string): StepInput => ({ type: "send", key, body: key });
const stepsOf = async (runId: string) =>
  h.database.db.selectFrom("run_steps").selectAll().where("run_id", "=", runId).orderBy("seq").execute();

describe("webhook steps", () => {
  it("call the URL signed with the sequence's secret, the payload rendered for the contact; a 2xx goes on", async () => {
    const sequence = await hooked("/signed", [
      webhook("/signed", {
        method: "PUT",
        headers: { "X-Api-Key": "k-123" },
        payload: {
          contact: { phone: "{{ contact.phone }}" },
          greeting: "hi {{ contact.first_name | default: 'there' }}",
          n: 3,
        },
        next: "after",
      }),
      after("after"),
    ]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    const run = await f.runOf(sequence.id, contact);
    const [call] = await stepsOf(run.id);
    const [received, ...more] = receiver.at("/signed");
    expect(more).toEqual([]);
    expect(received).toMatchObject({ method: "PUT", standardValid: true, whippyValid: true });
    expect(received?.headers).toMatchObject({
      "webhook-id": call?.id,
      "x-api-key": "k-123",
      "content-type": "application/json",
    });
    const phone = (
      await h.deps.contacts.page(h.organizationId, { contact_ids: [contact] }, { limit: 1, propertyKeys: [] })
    ).contacts[0]?.phone;
    expect(JSON.parse(received?.body ?? "")).toEqual({ contact: { phone }, greeting: "hi there", n: 3 });
    expect(await f.historyOf(run.id)).toEqual(["call:done:called", "after:done:sent"]);
    expect(call?.webhook).toMatchObject({
      method: "PUT",
      attempts: 1,
      status: 200,
      response: "answered 200",
    });
    expect(call?.webhook?.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("branch on the answer: a rule on a JSON field, else next for a 2xx, else on_failure", async () => {
    const steps = (path: string) => [
      webhook(path, {
        rules: [
          { field: "data.available", equals: true, next: "yes" },
          { status: 409, next: "taken" },
        ],
        next: "no",
        on_failure: "sorry",
      }),
      after("yes"),
      { type: "end", key: "stop" },
      { ...after("no"), next: "stop" },
      { ...after("taken"), next: "stop" },
      { ...after("sorry"), next: "stop" },
    ];
    const answers: [string, { status: number[]; json?: unknown }, string][] = [
      ["/available", { status: [200], json: { data: { available: true } } }, "yes"],
      ["/unavailable", { status: [200], json: { data: { available: false } } }, "no"],
      ["/taken", { status: [409], json: { error: "taken" } }, "taken"],
      ["/missing", { status: [404] }, "sorry"],
    ];
    for (const [path, behaviour, taken] of answers) {
      receiver.behave(path, behaviour);
      const sequence = await hooked(path, steps(path));
      const [contact] = (await f.enroll(sequence.id)) as [string];
      await f.drain();
      const run = await f.runOf(sequence.id, contact);
      const history = await f.historyOf(run.id);
      expect(history.slice(0, 2), path).toEqual([
        `call:done:${taken === "sorry" ? "call_failed" : "called"}`,
        `${taken}:done:sent`,
      ]);
      expect(run.status).toBe("completed");
    }
    const [failed] = await stepsOf(
      (
        await h.database.db
          .selectFrom("run_steps")
          .select("run_id")
          .where("error", "=", "answered 404")
          .executeTakeFirstOrThrow()
      ).run_id,
    );
    expect(failed?.webhook).toMatchObject({ status: 404 });
  });

  it("time out into the failure branch; without one the run stops failed", async () => {
    receiver.behave("/slow", { hang: true });
    const branched = await hooked("/slow", [
      webhook("/slow", { timeout_ms: 300, on_failure: "sorry" }),
      { type: "end", key: "done" },
      { ...after("sorry"), next: "done" },
    ]);
    const stopped = await hooked("/slow", [webhook("/slow", { timeout_ms: 300 }), after("after")]);
    const [first] = (await f.enroll(branched.id)) as [string];
    const [second] = (await f.enroll(stopped.id)) as [string];
    await f.drain();
    const one = await f.runOf(branched.id, first);
    expect(await f.historyOf(one.id)).toEqual([
      "call:done:call_failed",
      "sorry:done:sent",
      "done:done:ended",
    ]);
    expect((await stepsOf(one.id))[0]?.error).toBe("timed out after 300 ms");
    const two = await f.runOf(stopped.id, second);
    expect(two).toMatchObject({ status: "stopped", stop_reason: "failed" });
    expect(await f.historyOf(two.id)).toEqual(["call:done:call_failed"]);
  });

  it("are called again with the same webhook-id when an outcome was lost (a crash after the call)", async () => {
    receiver.behave("/lost", { status: [200] });
    const sequence = await hooked("/lost", [webhook("/lost", { next: "after" }), after("after")]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    const run = await f.runOf(sequence.id, contact);
    // The process dies once the call is made: the lease committed, the outcome never written.
    const dispatch = h.deps.webhookCalls.dispatch;
    h.deps.webhookCalls.dispatch = (calls) =>
      void Promise.all(
        calls.map((c) => fetch(c.step.url, { method: "POST", headers: { "webhook-id": c.pending.id } })),
      );
    expect(await timerPass(h.deps, 100)).toBeGreaterThan(0);
    h.deps.webhookCalls.dispatch = dispatch;
    await expect.poll(() => receiver.at("/lost").length).toBe(1);
    const [leased] = await stepsOf(run.id);
    expect(leased).toMatchObject({ state: "pending", phase: "calling", webhook: { attempts: 1 } });
    // Before the lease runs out nothing is called again; after it, once more under the same id.
    await f.drain();
    expect(receiver.at("/lost")).toHaveLength(1);
    h.setNow(h.now() + 71 * 1000);
    await f.drain();
    const calls = receiver.at("/lost");
    expect(calls.map((c) => c.headers["webhook-id"])).toEqual([leased?.id, leased?.id]);
    expect(calls[1]?.standardValid).toBe(true);
    expect(await f.historyOf(run.id)).toEqual(["call:done:called", "after:done:sent"]);
    expect((await stepsOf(run.id))[0]?.webhook).toMatchObject({ attempts: 2, status: 200 });
  });

  it("refuse private addresses when saved (422 naming steps.<i>.url) and when called (a name that rebinds)", async () => {
    const refused = (url: string) =>
      refusal(
        create(strict, [
          { type: "send", body: "hi" },
          { type: "webhook", url },
        ]),
      );
    expect(await refused("https://10.0.0.8/hook")).toEqual([
      "steps.1.url: points at a private address (10.0.0.8)",
    ]);
    expect(await refused("https://169.254.169.254/latest")).toEqual([
      "steps.1.url: points at a private address (169.254.169.254)",
    ]);
    expect(await refused("https://private.test/hook")).toEqual([
      "steps.1.url: resolves to a private address (10.1.2.3)",
    ]);
    expect(await refused(`${receiver.url}/local`)).toEqual(["steps.1.url: must be an https URL"]);
    expect(await refused("https://localhost/hook")).toEqual([
      "steps.1.url: points at this machine (localhost)",
    ]);

    const sequence = await create(strict, [
      { type: "webhook", key: "call", url: "https://rebind.test/hook" },
    ]);
    await changeSequenceStatus(strict.deps, strict.organizationId, sequence.id, "activate");
    const [contact] = (await flowsOf(strict).enroll(sequence.id)) as [string];
    names.set("rebind.test", "127.0.0.1");
    await flowsOf(strict).drain();
    const run = await flowsOf(strict).runOf(sequence.id, contact);
    expect(run).toMatchObject({ status: "stopped", stop_reason: "failed" });
    const [call] = await strict.database.db
      .selectFrom("run_steps")
      .selectAll()
      .where("run_id", "=", run.id)
      .execute();
    expect(call?.error).toBe("refused: resolves to a private address (127.0.0.1)");
  });

  it("refuse a bad webhook step on save: a reserved header, a payload on a GET, a payload string that is no template", async () => {
    const url = `${receiver.url}/x`;
    const parsed = (step: Record<string, unknown>) =>
      CreateSequence.safeParse({ title: "x", steps: [{ type: "webhook", url, ...step }] }).error?.issues.map(
        (i) => i.path.join("."),
      );
    expect(parsed({ headers: { Host: "evil" } })).toEqual(["steps.0.headers.Host"]);
    expect(parsed({ method: "GET", payload: { a: 1 } })).toEqual(["steps.0.payload"]);
    expect(parsed({ rules: [{ equals: 1, next: "x" }] })).toEqual([
      "steps.0.rules.0.status",
      "steps.0.rules.0.equals",
    ]);
    expect(parsed({ timeout_ms: 60_000 })).toEqual(["steps.0.timeout_ms"]);
    expect(
      await refusal(create(h, [webhook("/x", { payload: { a: { b: "{{ contact.secret }}" } } })])),
    ).toEqual([expect.stringMatching(/^steps\.0\.payload\.a\.b: /)]);
    // A loop through a webhook step without a wait would call without end.
    expect(await refusal(create(h, [webhook("/x", { next: "call" })]))).toEqual([
      expect.stringMatching(/^steps\.0\.next: makes a cycle/),
    ]);
  });
});

describe("a sequence's signing secret", () => {
  const app = () => createApp(h.deps);
  const call = async (method: string, path: string, organization = h.organizationId) => {
    const res = await app().request(`/v1${path}`, {
      method,
      headers: { [INTERNAL_TOKEN_HEADER]: h.deps.internalToken, [ORGANIZATION_HEADER]: organization },
    });
    return { status: res.status, body: (await res.json()) as { data: Record<string, string> } };
  };

  it("is read by the organization (404 for another), rotated with the old one signing beside it for a day", async () => {
    receiver.behave("/rotated", { status: [200] });
    const sequence = await hooked("/rotated", [
      webhook("/rotated", { next: "done" }),
      { type: "end", key: "done" },
    ]);
    const shown = await call("GET", `/sequences/${sequence.id}/signing_secret`);
    expect(shown.status).toBe(200);
    expect(shown.body.data).toEqual({
      sequence_id: sequence.id,
      signing_secret: expect.stringMatching(/^whsec_/),
    });
    expect((await call("GET", `/sequences/${sequence.id}/signing_secret`, crypto.randomUUID())).status).toBe(
      404,
    );
    expect((await call("POST", `/sequences/${sequence.id}/rotate_secret`, crypto.randomUUID())).status).toBe(
      404,
    );
    const stored = await h.database.db
      .selectFrom("sequences")
      .select("webhook_secret")
      .where("id", "=", sequence.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.webhook_secret)).not.toContain(shown.body.data.signing_secret?.slice(6));

    const rotated = await call("POST", `/sequences/${sequence.id}/rotate_secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.signing_secret).not.toBe(shown.body.data.signing_secret);
    expect(rotated.body.data.previous_secret_expires_at).toBe(
      new Date(h.now() + 24 * 3_600_000).toISOString(),
    );
    // A receiver that still trusts the old secret checks the call; after a day only the new one signs.
    receiver.trust("/rotated", shown.body.data.signing_secret as string);
    await f.enroll(sequence.id);
    await f.drain();
    expect(receiver.at("/rotated").at(-1)?.standardValid).toBe(true);
    expect(receiver.at("/rotated").at(-1)?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    h.setNow(h.now() + 24 * 60 * MINUTE + MINUTE);
    await f.enroll(sequence.id);
    await f.drain();
    expect(receiver.at("/rotated").at(-1)?.standardValid).toBe(false);
    receiver.trust("/rotated", rotated.body.data.signing_secret as string);
    await f.enroll(sequence.id);
    await f.drain();
    expect(receiver.at("/rotated").at(-1)?.standardValid).toBe(true);
  });

  it("is given at start to a sequence that had none, and re-sealed under a new key without changing", async () => {
    const old = await create(strict, [{ type: "send", body: "hi" }]);
    await strict.database.db
      .updateTable("sequences")
      .set({ webhook_secret: null })
      .where("id", "=", old.id)
      .execute();
    expect(await sealSigningSecrets(strict.deps)).toBe(1);
    const given = await getSigningSecret(strict.deps, strict.organizationId, old.id);
    expect(given.signing_secret).toMatch(/^whsec_/);
    expect(await sealSigningSecrets(strict.deps)).toBe(0);

    const key = randomBytes(32);
    const previous = Buffer.from(TEST_CREDENTIALS_KEY, "base64");
    const rekeyed = { ...strict.deps, secrets: sequenceSecrets(new SecretsCipher(key, [previous])) };
    expect(await sealSigningSecrets(rekeyed)).toBeGreaterThanOrEqual(1);
    const row = await strict.database.db
      .selectFrom("sequences")
      .select("webhook_secret")
      .where("id", "=", old.id)
      .executeTakeFirstOrThrow();
    expect(row.webhook_secret?.kid).toBe(keyId(key));
    expect((await getSigningSecret(rekeyed, strict.organizationId, old.id)).signing_secret).toBe(
      given.signing_secret,
    );
  });
});
