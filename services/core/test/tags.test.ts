import { FindTags } from "@relay/domain";
import { request } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreHarness, startCore } from "./harness.js";
import {
  createOrganization,
  type EventLog,
  eventLog,
  fieldsOf,
  type TestOrganization,
} from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  org = await createOrganization(core, { name: "Tags Inc" });
  other = await createOrganization(core, { name: "Other Tags Inc" });
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

/** Reply bodies are checked by the assertions, not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = Record<string, any>;
const names = (list: Loose[]) => list.map((t) => t.name);

describe("/v1/tags", () => {
  it("creates, shows, lists, updates and deletes a tag, in Whippy's shape", async () => {
    const created = await org.call("POST", "/tags", { name: "  Night   shift ", color: "#1f8a70" });
    expect(created.status).toBe(201);
    const tag = created.body.data;
    expect(tag).toMatchObject({
      organization_id: org.id,
      name: "Night shift",
      color: "#1f8a70",
      type: "contact",
      state: "active",
      system_created: false,
    });
    expect((await org.call("GET", `/tags/${tag.id}`)).body.data).toEqual(tag);

    const archived = await org.call("PUT", `/tags/${tag.id}`, { state: "archived", color: "#000000" });
    expect(archived.body.data).toMatchObject({ state: "archived", color: "#000000", name: "Night shift" });
    const list = await org.call("GET", `/tags?state=archived`);
    expect(names(list.body.data)).toContain("Night shift");

    const deleted = await org.call("DELETE", `/tags/${tag.id}`);
    expect(deleted.body).toEqual({ data: { id: tag.id, deleted: true } });
    expect((await org.call("GET", `/tags/${tag.id}`)).status).toBe(404);
  });

  it("lists with search, state, system and pages, reading the piece's unset parameters as absent", async () => {
    const fresh = await createOrganization(core);
    for (const name of ["Forklift", "Forklift night", "Welder"]) await fresh.call("POST", "/tags", { name });
    const piece = await fresh.call(
      "GET",
      "/tags?limit=undefined&offset=undefined&search=fork&state=undefined&system=non%20system",
    );
    expect(piece.status).toBe(200);
    expect(piece.body.total).toBe(2);
    expect(names(piece.body.data)).toEqual(["Forklift", "Forklift night"]);
    const page = await fresh.call("GET", "/tags?limit=1&offset=2");
    expect(page.body).toMatchObject({ total: 3, data: [{ name: "Welder" }] });
    expect((await fresh.call("GET", "/tags?system=system")).body.total).toBe(0);
    expect((await fresh.call("GET", "/tags?search=50%25")).body.total).toBe(0);
  });

  it("answers 422 naming the field for bad input and for a name already taken", async () => {
    await org.call("POST", "/tags", { name: "Taken" });
    for (const [body, field] of [
      [{}, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ name: "Ok", color: "red" }, "color"],
      [{ name: "Ok", state: "active" }, "state"],
      [{ name: "Taken" }, "name"],
    ] as const) {
      const res = await org.call("POST", "/tags", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(res)).toContain(field);
    }
    const tag = (await org.call("POST", "/tags", { name: "Free" })).body.data;
    const rename = await org.call("PUT", `/tags/${tag.id}`, { name: "Taken" });
    expect(rename.status).toBe(422);
    expect(fieldsOf(rename)).toEqual(["name"]);
    expect((await org.call("PUT", `/tags/${tag.id}`, { state: "gone" })).status).toBe(422);
  });

  it("answers 404 for another organization's tag, and never lists it", async () => {
    const theirs = (await other.call("POST", "/tags", { name: "Theirs" })).body.data;
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const res = await org.call(
        method,
        `/tags/${theirs.id}`,
        method === "PUT" ? { name: "Mine" } : undefined,
      );
      expect(res.status, method).toBe(404);
    }
    expect((await org.call("GET", "/tags/not-a-uuid")).status).toBe(404);
    expect(names((await org.call("GET", "/tags?limit=500")).body.data)).not.toContain("Theirs");
    expect((await other.call("GET", `/tags/${theirs.id}`)).body.data.name).toBe("Theirs");
  });
});

describe("tags on contacts", () => {
  it("gives every name a contact carries a tag, shown as contact_tags", async () => {
    const contact = (
      await org.call("POST", "/contacts", { phone: "+14155550101", tags: ["Forklift", "VIP"] })
    ).body.data;
    expect(contact.tags).toEqual(["Forklift", "VIP"]);
    expect(contact.contact_tags.map((ct: Loose) => ct.tag.name)).toEqual(["Forklift", "VIP"]);
    const [forklift] = contact.contact_tags;
    expect(forklift).toMatchObject({ contact_id: contact.id, tag_id: forklift.tag.id });
    const shown = (await org.call("GET", `/contacts/${contact.id}`)).body.data;
    expect(shown.contact_tags).toEqual(contact.contact_tags);
    const listed = await org.call("GET", "/tags?search=forklift");
    expect(listed.body.data.map((t: Loose) => t.id)).toContain(forklift.tag_id);
  });

  it("adds tags by id or name and removes one by id or name, announcing the contact", async () => {
    const contact = (await org.call("POST", "/contacts", { phone: "+14155550102" })).body.data;
    const welder = (await org.call("POST", "/tags", { name: "Welder", color: "#aa3300" })).body.data;
    const added = await org.call("POST", `/contacts/${contact.id}/tags`, {
      tag_id: welder.id,
      names: ["Day shift"],
    });
    expect(added.status).toBe(200);
    expect(added.body.data.tags).toEqual(["Welder", "Day shift"]);
    expect(added.body.data.contact_tags[0].tag).toMatchObject({ id: welder.id, color: "#aa3300" });
    const again = await org.call("POST", `/contacts/${contact.id}/tags`, { name: "Welder" });
    expect(again.body.data.tags).toEqual(["Welder", "Day shift"]);

    const event = await log.waitForEvent(
      "core.contact.updated",
      (e) => (e.data as Loose).id === contact.id && (e.data as Loose).tags.length === 2,
    );
    expect((event.data as Loose).contact_tags).toHaveLength(2);
    // What sequences' tag triggers read: the names this change put on the contact.
    expect((event.data as Loose).tags_added).toEqual(["Welder", "Day shift"]);

    const byId = await org.call("DELETE", `/contacts/${contact.id}/tags/${welder.id}`);
    expect(byId.body.data.tags).toEqual(["Day shift"]);
    const byName = await org.call("DELETE", `/contacts/${contact.id}/tags/Day%20shift`);
    expect(byName.body.data.tags).toEqual([]);
    const again2 = await org.call("DELETE", `/contacts/${contact.id}/tags/Day%20shift`);
    expect(again2).toMatchObject({ status: 200, body: { data: { tags: [] } } });
  });

  it("says in every contact event which tags it gained: created with them, updated, upserted", async () => {
    const created = (await org.call("POST", "/contacts", { phone: "+14155550104", tags: ["Forklift"] })).body
      .data;
    const first = await log.waitForEvent("core.contact.created", (e) => (e.data as Loose).id === created.id);
    expect((first.data as Loose).tags_added).toEqual(["Forklift"]);

    await org.call("PUT", `/contacts/${created.id}`, { tags: ["Forklift", "Welder"], name: "Ana" });
    const updated = await log.waitForEvent(
      "core.contact.updated",
      (e) => (e.data as Loose).id === created.id && (e.data as Loose).name === "Ana",
    );
    expect((updated.data as Loose).tags_added).toEqual(["Welder"]);

    await org.call("PUT", "/contacts/upsert", {
      contacts: [{ phone: "+14155550104", tags: ["Welder"], name: "Ana B" }],
    });
    const upserted = await log.waitForEvent(
      "core.contact.updated",
      (e) => (e.data as Loose).id === created.id && (e.data as Loose).name === "Ana B",
    );
    // Dropping a tag adds none.
    expect((upserted.data as Loose).tags_added).toBeUndefined();
    expect((upserted.data as Loose).tags).toEqual(["Welder"]);
  });

  it("refuses an unknown tag id, another organization's tag and contact, and an empty body", async () => {
    const contact = (await org.call("POST", "/contacts", { phone: "+14155550103" })).body.data;
    const theirs = (await other.call("POST", "/tags", { name: "Secret" })).body.data;
    const foreignTag = await org.call("POST", `/contacts/${contact.id}/tags`, { tag_id: theirs.id });
    expect(foreignTag.status).toBe(422);
    expect(fieldsOf(foreignTag)).toEqual(["tag_id"]);
    const empty = await org.call("POST", `/contacts/${contact.id}/tags`, {});
    expect(fieldsOf(empty)).toEqual(["tag_id"]);
    const theirContact = (await other.call("POST", "/contacts", { phone: "+14155550103" })).body.data;
    expect((await org.call("POST", `/contacts/${theirContact.id}/tags`, { name: "X" })).status).toBe(404);
    expect((await org.call("DELETE", `/contacts/${theirContact.id}/tags/X`)).status).toBe(404);
    expect((await other.call("GET", `/contacts/${theirContact.id}`)).body.data.tags).toEqual([]);
  });

  it("renames a tag on every contact carrying it, and deleting it takes it off them", async () => {
    const fresh = await createOrganization(core);
    const a = (await fresh.call("POST", "/contacts", { phone: "+14155550111", tags: ["Temp", "Keep"] })).body
      .data;
    const b = (await fresh.call("POST", "/contacts", { phone: "+14155550112", tags: ["Temp"] })).body.data;
    const temp = a.contact_tags[0].tag;
    const renamed = await fresh.call("PUT", `/tags/${temp.id}`, { name: "Seasonal" });
    expect(renamed.body.data.name).toBe("Seasonal");
    expect((await fresh.call("GET", `/contacts/${a.id}`)).body.data.tags).toEqual(["Seasonal", "Keep"]);
    expect((await fresh.call("GET", `/contacts/${b.id}`)).body.data.contact_tags[0].tag.name).toBe(
      "Seasonal",
    );
    const event = await log.waitForEvent("core.tag.updated", (e) => (e.data as Loose).id === temp.id);
    expect(event.data).toMatchObject({ name: "Seasonal", previous_name: "Temp" });

    await fresh.call("DELETE", `/tags/${temp.id}`);
    expect((await fresh.call("GET", `/contacts/${a.id}`)).body.data.tags).toEqual(["Keep"]);
    expect((await fresh.call("GET", `/contacts/${b.id}`)).body.data.tags).toEqual([]);
    await log.waitForEvent("core.tag.deleted", (e) => (e.data as Loose).id === temp.id);
  });

  it("lists the contacts carrying a tag, by name or by id", async () => {
    const fresh = await createOrganization(core);
    await fresh.call("POST", "/contacts", { phone: "+14155550121", tags: ["Nurse"] });
    await fresh.call("POST", "/contacts", { phone: "+14155550122", tags: ["Driver"] });
    const both = (await fresh.call("POST", "/contacts", { phone: "+14155550123", tags: ["Nurse", "Driver"] }))
      .body.data;
    expect((await fresh.call("GET", "/contacts?tag=Nurse")).body.total).toBe(2);
    expect((await fresh.call("GET", "/contacts?tags[]=Nurse&tags[]=Driver")).body.total).toBe(3);
    const driverId = both.contact_tags.find((ct: Loose) => ct.tag.name === "Driver").tag_id;
    const byId = await fresh.call("GET", `/contacts?tag_ids=${driverId}`);
    expect(byId.body.total).toBe(2);
    expect((await fresh.call("GET", `/contacts?tag_ids=${crypto.randomUUID()}`)).body.total).toBe(0);
    expect((await fresh.call("GET", "/contacts?tag_ids=nope")).status).toBe(422);
  });
});

describe("rpc.core.tag.find_many", () => {
  it("answers the organization's tags among the ids, leaving out others' and unknown ones", async () => {
    const mine = (await org.call("POST", "/tags", { name: `Found ${crypto.randomUUID()}` })).body.data;
    const theirs = (await other.call("POST", "/tags", { name: "Not yours" })).body.data;
    const answer = await request(log.bus, FindTags, {
      organization_id: org.id,
      ids: [mine.id, theirs.id, crypto.randomUUID()],
    });
    expect(answer.tags).toEqual([mine]);
    expect((await request(log.bus, FindTags, { organization_id: other.id, ids: [mine.id] })).tags).toEqual(
      [],
    );
  });
});
