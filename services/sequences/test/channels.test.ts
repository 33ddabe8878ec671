import { type BulkMessage, CreateSequence, type ValidationError } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { changeSequenceStatus, createSequence, editSequence } from "../src/services/write-sequence.js";
import { flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

const EMAIL = "jobs@acme.example";
const WHATSAPP = "+14155550199";
let h: Harness;
let f: ReturnType<typeof flowsOf>;
let whatsapp: string;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
  h.addChannel("email", EMAIL);
  whatsapp = h.addChannel("whatsapp", WHATSAPP).id;
});
afterAll(() => h?.close());

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: ValidationError) => error.details?.map((d) => d.field),
  );
const rowsTo = (contact: string) => h.calls.flat().filter((row) => row.contact_id === contact);

/** A create as the route parses it. */
const create = (input: Record<string, unknown>) =>
  createSequence(h.deps, h.organizationId, CreateSequence.parse({ title: "Channels", ...input }));

async function active(input: Record<string, unknown>) {
  const created = await create(input);
  await changeSequenceStatus(h.deps, h.organizationId, created.id, "activate");
  return created;
}

describe("send steps on an email channel", () => {
  it("need a subject (422 naming it), and send an email with it and the rendered body", async () => {
    expect(
      await refusal(
        create({
          title: "No subject",
          from: EMAIL,
          steps: [
            { type: "send", key: "hello", subject: "Shifts", body: "hi" },
            {
              type: "collect",
              key: "ask",
              body: "Which day?",
              answer: "date",
              field: "properties.day",
              timeout: { value: 1, unit: "days" },
            },
          ],
        }),
      ),
    ).toEqual(["steps.1.subject"]);

    const sequence = await active({
      from: EMAIL,
      steps: [
        {
          type: "send",
          key: "hello",
          subject: "Shifts this week",
          body: "Hi {{ contact.name | default: 'there' }}, new shifts are up.",
        },
      ],
    });
    expect(sequence).toMatchObject({ from: EMAIL, steps: [{ subject: "Shifts this week" }] });
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    expect(rowsTo(contact)).toEqual([
      expect.objectContaining({
        type: "email",
        from: EMAIL,
        subject: "Shifts this week",
        body: "Hi there, new shifts are up.",
      }),
    ]);
    const run = await f.runOf(sequence.id, contact);
    expect(run).toMatchObject({ status: "completed", channel_type: "email" });
    expect(await f.historyOf(run.id)).toEqual(["hello:done:sent"]);
  });

  it("take an email or any-channel template, not an SMS one; an enrollment's from must be an email channel", async () => {
    const phoneOnly = h.addTemplate("Text us back", "phone");
    expect(
      await refusal(
        create({
          title: "SMS template",
          from: EMAIL,
          steps: [{ type: "send", subject: "Hi", template_id: phoneOnly }],
        }),
      ),
    ).toEqual(["steps.0.template_id"]);
    const sequence = await active({
      from: EMAIL,
      steps: [{ type: "send", subject: "Hi", template_id: h.addTemplate("Mail body", "email") }],
    });
    expect(sequence.steps[0]?.body).toBe("Mail body");
    expect(
      await refusal(
        enrollContacts(h.deps, h.organizationId, sequence.id, {
          to: [{ phone: f.newPhone() }],
          from: h.channel.phone,
        }),
      ),
    ).toEqual(["from"]);
  });
});

describe("send steps on SMS and WhatsApp channels", () => {
  it("refuse a subject, a WhatsApp template on SMS, and an SMS body over 1,000 characters", async () => {
    expect(
      await refusal(
        create({
          title: "Wrong fields",
          steps: [
            { type: "send", subject: "Hi", body: "hi" },
            { type: "send", template: { name: "hello", language: "en_US" } },
            { type: "send", body: "x".repeat(1001) },
          ],
        }),
      ),
    ).toEqual(["steps.0.subject", "steps.1.template", "steps.2.body"]);
    // The same steps are checked against a new channel on an edit.
    const sms = await active({ steps: [{ type: "send", body: "hi" }] });
    expect(await refusal(editSequence(h.deps, h.organizationId, sms.id, { from: EMAIL }))).toEqual([
      "steps.0.subject",
    ]);
  });

  it("on WhatsApp: a free-form send refused outside the 24-hour window takes on_failure (a template), or stops the run failed", async () => {
    const sequence = await active({
      channel_id: whatsapp,
      steps: [
        { type: "send", key: "hello", body: "Shifts are up", on_failure: "template", next: "done" },
        { type: "send", key: "template", template: { name: "shifts_up", language: "en_US" }, next: "done" },
        { type: "end", key: "done" },
      ],
    });
    expect(sequence.from).toBe(WHATSAPP);
    const [inside, outside] = (await f.enroll(sequence.id, 2)) as [string, string];
    h.bulk.outsideWindow.add(outside);
    await f.drain();
    expect(rowsTo(inside)).toEqual([expect.objectContaining({ type: "whatsapp", body: "Shifts are up" })]);
    expect(
      rowsTo(outside).map((row: BulkMessage) => ("template" in row ? row.template?.name : row.body)),
    ).toEqual(["Shifts are up", "shifts_up"]);
    const run = await f.runOf(sequence.id, outside);
    expect(await f.historyOf(run.id)).toEqual([
      "hello:done:refused",
      "template:done:sent",
      "done:done:ended",
    ]);
    const [refused] = await h.database.db
      .selectFrom("run_steps")
      .selectAll()
      .where("run_id", "=", run.id)
      .orderBy("seq")
      .execute();
    expect(refused?.error).toMatch(/^outside_window: /);

    const plain = await active({
      channel_id: whatsapp,
      steps: [{ type: "send", key: "hello", body: "Shifts are up" }],
    });
    const [late] = (await f.enroll(plain.id)) as [string];
    h.bulk.outsideWindow.add(late);
    await f.drain();
    expect(await f.runOf(plain.id, late)).toMatchObject({ status: "stopped", stop_reason: "failed" });
  });
});
