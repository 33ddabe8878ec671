import type { ContactChange, SequenceSettings, StepInput, ValidationError } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyReply } from "../src/services/apply-replies.js";
import { fireCustomEventTriggers, fireTagTriggers } from "../src/services/fire-triggers.js";
import { changeSequenceStatus, createSequence, editSequence } from "../src/services/write-sequence.js";
import { type Harness, openHarness } from "./harness.js";

const STEPS: StepInput[] = [
  { type: "send", key: "hello", body: "Welcome aboard" },
  { type: "end", key: "done" },
];

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

async function sequenceWith(triggers: SequenceSettings["triggers"], extra: Partial<SequenceSettings> = {}) {
  const created = await createSequence(h.deps, h.organizationId, {
    title: "Onboarding",
    steps: STEPS,
    settings: {
      stop_on_reply: true,
      re_entry: "allow",
      on_takeover: "pause",
      quiet_hours: null,
      triggers,
      ...extra,
    },
  });
  await changeSequenceStatus(h.deps, h.organizationId, created.id, "activate");
  return created;
}

async function runsOf(sequenceId: string) {
  return h.database.db
    .selectFrom("sequence_runs")
    .select(["contact_id", "status"])
    .where("sequence_id", "=", sequenceId)
    .orderBy("created_at")
    .execute();
}

/** A contact event as core writes it: the contact with its `contact_tags`, and the names it gained. */
function contactEvent(contactId: string, tags: Array<{ id: string; name: string }>, added: string[]) {
  const at = new Date().toISOString();
  const data: ContactChange = {
    id: contactId,
    phone: "+14155550177",
    properties: {},
    tags: tags.map((t) => t.name),
    contact_tags: tags.map((t) => ({
      id: crypto.randomUUID(),
      contact_id: contactId,
      tag_id: t.id,
      created_at: at,
      updated_at: at,
      tag: {
        id: t.id,
        organization_id: h.organizationId,
        name: t.name,
        color: "#6b7280",
        type: "contact",
        state: "active",
        system_created: false,
        created_at: at,
        updated_at: at,
      },
    })),
    state: "open",
    blocked: false,
    created_at: at,
    updated_at: at,
    ...(added.length > 0 && { tags_added: added }),
  };
  return { id: crypto.randomUUID(), organization_id: h.organizationId, data };
}

describe("tag_added triggers", () => {
  it("enroll a contact who gains the tag, by id (a renamed tag still fires), once per event", async () => {
    const forklift = h.addTag("Forklift");
    const other = h.addTag("Other");
    const sequence = await sequenceWith([{ type: "tag_added", tag_id: forklift.id }]);
    const untouched = await sequenceWith([{ type: "tag_added", tag_id: other.id }]);
    const contact = crypto.randomUUID();

    const event = contactEvent(
      contact,
      [{ ...forklift, name: "Forklift (renamed)" }],
      ["Forklift (renamed)"],
    );
    await fireTagTriggers(h.deps, event);
    await fireTagTriggers(h.deps, event); // redelivered: the inbox keeps it to once
    expect(await runsOf(sequence.id)).toEqual([{ contact_id: contact, status: "active" }]);
    expect(await runsOf(untouched.id)).toEqual([]);

    // Keeping a tag it had (another change) is no trigger.
    await fireTagTriggers(h.deps, contactEvent(contact, [forklift, other], ["Other"]));
    expect(await runsOf(sequence.id)).toHaveLength(1);
    expect(await runsOf(untouched.id)).toHaveLength(1);
  });

  it("respect re_entry and fire only while the sequence is active", async () => {
    const tag = h.addTag("Night shift");
    const once = await sequenceWith([{ type: "tag_added", tag_id: tag.id }], { re_entry: "skip_if_ever" });
    const paused = await sequenceWith([{ type: "tag_added", tag_id: tag.id }]);
    await changeSequenceStatus(h.deps, h.organizationId, paused.id, "archive");
    const contact = crypto.randomUUID();
    await fireTagTriggers(h.deps, contactEvent(contact, [tag], [tag.name]));
    await fireTagTriggers(h.deps, contactEvent(contact, [tag], [tag.name]));
    expect(await runsOf(once.id)).toHaveLength(1);
    expect(await runsOf(paused.id)).toEqual([]);
  });

  it("are refused on save when the tag is not one of the organization's (422 naming the trigger's tag_id)", async () => {
    const known = h.addTag("Known");
    const refused = await sequenceWith([
      { type: "tag_added", tag_id: known.id },
      { type: "tag_added", tag_id: crypto.randomUUID() },
    ]).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "validation_failed" });
    expect((refused as ValidationError).details?.[0]?.field).toBe("settings.triggers.1.tag_id");
    const sequence = await sequenceWith([{ type: "tag_added", tag_id: known.id }]);
    const edited = await editSequence(h.deps, h.organizationId, sequence.id, {
      settings: { ...sequence.settings, triggers: [{ type: "tag_added", tag_id: crypto.randomUUID() }] },
    }).catch((error: unknown) => error);
    expect((edited as ValidationError).details?.[0]?.field).toBe("settings.triggers.0.tag_id");
  });
});

describe("keyword triggers", () => {
  it("enroll the sender of a message that is the keyword, on the trigger's channel, and never on STOP", async () => {
    const anywhere = await sequenceWith([{ type: "keyword", keywords: ["JOBS", "work"] }]);
    const elsewhere = await sequenceWith([
      { type: "keyword", keywords: ["JOBS"], channel_id: crypto.randomUUID() },
    ]);
    const contact = crypto.randomUUID();
    await applyReply(h.deps, h.inbound(contact, "jobs!"), h.organizationId);
    expect(await runsOf(anywhere.id)).toEqual([{ contact_id: contact, status: "active" }]);
    expect(await runsOf(elsewhere.id)).toEqual([]);

    // Its own trigger does not stop the run it started (stop_on_reply): the next reply does.
    const other = crypto.randomUUID();
    await applyReply(h.deps, h.inbound(other, "Work please"), h.organizationId);
    await applyReply(h.deps, h.inbound(other, "hello?"), h.organizationId);
    const runs = await runsOf(anywhere.id);
    expect(runs.find((r) => r.contact_id === other)?.status).toBe("stopped");

    const stopper = crypto.randomUUID();
    await applyReply(h.deps, h.inbound(stopper, "STOP"), h.organizationId);
    await applyReply(h.deps, h.inbound(stopper, "not a keyword"), h.organizationId);
    expect((await runsOf(anywhere.id)).filter((r) => r.contact_id === stopper)).toEqual([]);
  });
});

describe("custom_event triggers", () => {
  const customEvent = (event: string, contactIds: string[]) => {
    const at = new Date().toISOString();
    return {
      id: crypto.randomUUID(),
      organization_id: h.organizationId,
      data: {
        id: crypto.randomUUID(),
        event,
        external_id: null,
        timestamp: at,
        payload: {},
        associated_resources: contactIds.map((id) => ({ resource: "contact" as const, id })),
        created_at: at,
      },
    };
  };

  it("enrolls the event's contacts of the organization, once per event, for the event's name only", async () => {
    const sequence = await sequenceWith([{ type: "custom_event", event: "interview_scheduled" }]);
    const known = h.contactOf("+14155550178");
    const stranger = crypto.randomUUID();
    const event = customEvent("interview_scheduled", [known, stranger]);
    await fireCustomEventTriggers(h.deps, event);
    await fireCustomEventTriggers(h.deps, event);
    await fireCustomEventTriggers(h.deps, customEvent("interview_cancelled", [known]));
    expect(await runsOf(sequence.id)).toEqual([{ contact_id: known, status: "active" }]);
  });
});
