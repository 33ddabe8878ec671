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
  org = await createOrganization(core, { name: "Custom Data Inc" });
  other = await createOrganization(core, { name: "Other Custom Data Inc" });
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

/** Reply bodies are checked by the assertions, not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = Record<string, any>;

const JOB = {
  key: "job_application",
  label: "Job application",
  custom_properties: [
    { key: "position", label: "Position", type: "text", required: true },
    { key: "start_date", label: "Start date", type: "date" },
    { key: "shifts", label: "Shifts per week", type: "number", required: true, default: 3 },
    { key: "remote", label: "Remote", type: "boolean" },
  ],
};

async function createObject(owner: TestOrganization, body: Loose = JOB) {
  const res = await owner.call("POST", "/custom_objects", body);
  expect(res.status, res.text).toBe(201);
  return res.body.data as Loose;
}

async function contactOf(owner: TestOrganization, phone: string) {
  return (await owner.call("POST", "/contacts", { phone })).body.data as Loose;
}

describe("/v1/custom_objects definitions", () => {
  it("creates, shows, lists and updates a custom object with its properties, announcing it", async () => {
    const fresh = await createOrganization(core);
    const object = await createObject(fresh);
    expect(object).toMatchObject({
      organization_id: fresh.id,
      key: "job_application",
      label: "Job application",
    });
    expect(object.custom_properties.map((p: Loose) => [p.key, p.type, p.required, p.default])).toEqual([
      ["position", "text", true, null],
      ["start_date", "date", false, null],
      ["shifts", "number", true, 3],
      ["remote", "boolean", false, null],
    ]);
    const shown = await fresh.call("GET", `/custom_objects/${object.id}`);
    expect(shown.body).toMatchObject({ data: object, custom_object_records: [], total: 0 });
    const listed = await fresh.call("GET", "/custom_objects?limit=undefined&offset=undefined");
    expect(listed.body).toEqual({ data: [object], total: 1 });

    const updated = await fresh.call("PUT", `/custom_objects/${object.id}`, {
      label: "Application",
      custom_properties: [
        { key: "position", label: "Role", type: "text", required: true },
        { key: "salary", label: "Salary", type: "float" },
      ],
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.data.label).toBe("Application");
    expect(updated.body.data.custom_properties.map((p: Loose) => `${p.key}:${p.label}`)).toEqual([
      "position:Role",
      "start_date:Start date",
      "shifts:Shifts per week",
      "remote:Remote",
      "salary:Salary",
    ]);
    await log.waitForEvent("core.custom_object.created", (e) => (e.data as Loose).id === object.id);
    const event = await log.waitForEvent(
      "core.custom_object.updated",
      (e) => (e.data as Loose).id === object.id && (e.data as Loose).label === "Application",
    );
    expect((event.data as Loose).custom_properties).toHaveLength(5);
  });

  it("takes the piece's shapes: one property object, type and required from its dropdowns", async () => {
    const fresh = await createOrganization(core);
    const object = await createObject(fresh, {
      key: "visit",
      label: "2026-05-01T10:00:00.000Z",
      custom_properties: { key: "rating", label: "Rating", type: "1", required: "false", default: "5" },
    });
    expect(object.custom_properties).toMatchObject([
      { key: "rating", type: "number", required: false, default: 5 },
    ]);
    const added = await fresh.call("POST", `/custom_objects/${object.id}/properties`, {
      key: "notes",
      label: "Notes",
      required: "true",
      type: "0",
      default: "none",
    });
    expect(added.status, added.text).toBe(201);
    expect(added.body.data).toMatchObject({ key: "notes", type: "text", required: true, default: "none" });
    const properties = await fresh.call("GET", `/custom_objects/${object.id}/properties`);
    expect(properties.body.data.map((p: Loose) => p.key)).toEqual(["rating", "notes"]);
    const changed = await fresh.call("PUT", `/custom_objects/${object.id}/properties/${added.body.data.id}`, {
      label: "Comments",
      required: false,
    });
    expect(changed.body.data).toMatchObject({ label: "Comments", required: false });
    const byKey = await fresh.call("PUT", `/custom_objects/${object.id}/properties/notes`, { type: "url" });
    expect(byKey.status).toBe(422); // its default "none" is no URL
    expect(fieldsOf(byKey)).toEqual(["default"]);
  });

  it("answers 422 naming the field: keys, types, defaults, duplicates", async () => {
    await createObject(org, { key: "taken", label: "Taken" });
    for (const [body, field] of [
      [{ label: "No key" }, "key"],
      [{ key: "Not Snake", label: "x" }, "key"],
      [{ key: "ok_key" }, "label"],
      [{ key: "taken", label: "Again" }, "key"],
      [
        { key: "ok_key", label: "x", custom_properties: [{ key: "a", label: "A", type: "colour" }] },
        "custom_properties.0.type",
      ],
      [
        {
          key: "ok_key",
          label: "x",
          custom_properties: [{ key: "a", label: "A", type: "number", default: "many" }],
        },
        "custom_properties.0.default",
      ],
      [
        {
          key: "ok_key",
          label: "x",
          custom_properties: [
            { key: "a", label: "A", type: "text" },
            { key: "a", label: "B", type: "text" },
          ],
        },
        "custom_properties.1.key",
      ],
    ] as const) {
      const res = await org.call("POST", "/custom_objects", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(res)).toContain(field);
    }
    const dup = await org.call("POST", "/custom_objects", { key: "taken", label: "Again" });
    expect(dup.body.error).toMatch(/^key: .*taken/);
    const object = await createObject(org, {
      key: "with_prop",
      label: "x",
      custom_properties: [{ key: "a", label: "A", type: "text" }],
    });
    const again = await org.call("POST", `/custom_objects/${object.id}/properties`, {
      key: "a",
      label: "A",
      type: "text",
    });
    expect(again.status).toBe(422);
    expect(fieldsOf(again)).toEqual(["key"]);
    const renamed = await org.call("PUT", `/custom_objects/${object.id}`, { key: "taken" });
    expect(fieldsOf(renamed)).toEqual(["key"]);
    // Another organization may use the same key.
    expect((await other.call("POST", "/custom_objects", { key: "taken", label: "Theirs" })).status).toBe(201);
  });
});

describe("/v1/custom_objects/{id}/records", () => {
  it("upserts by external_id, merging properties and filling required ones from their default", async () => {
    const object = await createObject(org, { ...JOB, key: "job_by_external" });
    const first = await org.call("POST", `/custom_objects/${object.id}/records`, {
      external_id: "app-1",
      properties: { position: "Welder", start_date: "2026-05-01" },
    });
    expect(first.status, first.text).toBe(201);
    expect(first.body.data).toMatchObject({
      custom_object_id: object.id,
      external_id: "app-1",
      associated_resource_id: null,
      associated_resource_type: null,
      properties: { position: "Welder", start_date: "2026-05-01", shifts: 3 },
    });
    const second = await org.call("POST", `/custom_objects/${object.id}/records`, {
      external_id: "app-1",
      properties: { remote: "true", shifts: "4" },
    });
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({
      id: first.body.data.id,
      properties: { position: "Welder", start_date: "2026-05-01", shifts: 4, remote: true },
    });
    const other_ = await org.call("POST", `/custom_objects/${object.id}/records`, {
      external_id: "app-2",
      properties: { position: "Driver" },
    });
    expect(other_.status).toBe(201);
    const listed = await org.call("GET", `/custom_objects/${object.id}/records`);
    expect(listed.body.total).toBe(2);
    await log.waitForEvent(
      "core.custom_object_record.created",
      (e) => (e.data as Loose).id === first.body.data.id,
    );
    const updated = await log.waitForEvent(
      "core.custom_object_record.updated",
      (e) => (e.data as Loose).id === first.body.data.id,
    );
    expect((updated.data as Loose).properties.shifts).toBe(4);
  });

  it("upserts by associated contact (the piece's associated_record_* and type index), read back with the contact", async () => {
    const object = await createObject(org, { ...JOB, key: "job_by_contact" });
    const contact = await contactOf(org, "+14155550201");
    const created = await org.call("POST", `/custom_objects/${object.id}/records`, {
      associated_record_id: contact.id,
      associated_record_type: "0",
      properties: { position: "Nurse" },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.data).toMatchObject({
      associated_resource_id: contact.id,
      associated_resource_type: "contact",
    });
    const merged = await org.call("POST", `/custom_objects/${object.id}/records`, {
      associated_resource_id: contact.id,
      associated_resource_type: "contact",
      properties: { start_date: "2026-06-01" },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.data).toMatchObject({
      id: created.body.data.id,
      properties: { position: "Nurse", start_date: "2026-06-01", shifts: 3 },
    });

    const mine = await org.call("GET", `/contacts/${contact.id}/custom_object_records`);
    expect(mine.body).toMatchObject({ total: 1, data: [{ id: created.body.data.id }] });
    const filtered = await org.call(
      "GET",
      `/custom_objects/${object.id}?limit=undefined&offset=undefined&associated_resource_id=${contact.id}&associated_resource_type=contact`,
    );
    expect(filtered.body).toMatchObject({
      data: { id: object.id },
      total: 1,
      custom_object_records: [{ id: created.body.data.id }],
    });
    const none = await org.call(
      "GET",
      `/custom_objects/${object.id}/records?associated_resource_id=${crypto.randomUUID()}`,
    );
    expect(none.body.total).toBe(0);

    const values = await org.call(
      "GET",
      `/custom_objects/property_values?custom_object_id=${object.id}&associated_resource_id=${contact.id}&associated_resource_type=contact&limit=50&offset=0&before=undefined&after=2022-11-03T00:00:00Z`,
    );
    expect(values.status, values.text).toBe(200);
    expect(values.body.data.map((v: Loose) => [v.key, v.value])).toEqual([
      ["position", "Nurse"],
      ["start_date", "2026-06-01"],
      ["shifts", 3],
    ]);
    const past = await org.call(
      "GET",
      `/custom_objects/property_values?custom_object_id=${object.id}&before=2022-11-03T00:00:00Z`,
    );
    expect(past.body.total).toBe(0);
  });

  it("updates a record (PUT and PATCH) and one value the way the piece does", async () => {
    const object = await createObject(org, { ...JOB, key: "job_updates" });
    const record = (
      await org.call("POST", `/custom_objects/${object.id}/records`, { properties: { position: "Cook" } })
    ).body.data;
    const put = await org.call("PUT", `/custom_objects/${object.id}/records/${record.id}`, {
      associated_record_id: undefined,
      external_id: "cook-7",
      properties: { remote: false },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.data).toMatchObject({
      external_id: "cook-7",
      properties: { position: "Cook", remote: false },
    });
    const patch = await org.call("PATCH", `/custom_objects/${object.id}/records/${record.id}`, {
      properties: { remote: null },
    });
    expect(patch.body.data.properties).toEqual({ position: "Cook", shifts: 3 });

    const shifts = object.custom_properties.find((p: Loose) => p.key === "shifts");
    const value = await org.call(
      "PUT",
      `/custom_objects/${object.id}/records/${record.id}/properties/${shifts.id}`,
      { value: "5" },
    );
    expect(value.status, value.text).toBe(200);
    expect(value.body.data).toMatchObject({
      custom_object_record_id: record.id,
      custom_property_id: shifts.id,
      key: "shifts",
      value: 5,
    });
    const bad = await org.call(
      "PUT",
      `/custom_objects/${object.id}/records/${record.id}/properties/${shifts.id}`,
      {
        value: "five",
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].description).toMatch(/^value: /);
    const shown = await org.call("GET", `/custom_objects/${object.id}/records?external_id=cook-7`);
    expect(shown.body.data[0].properties.shifts).toBe(5);
    // The type of a property records hold values for stays.
    const retype = await org.call("PUT", `/custom_objects/${object.id}/properties/shifts`, { type: "text" });
    expect(fieldsOf(retype)).toEqual(["type"]);
  });

  it("validates the merged record against the property types, naming the property", async () => {
    const object = await createObject(org, { ...JOB, key: "job_checks" });
    const contact = await contactOf(org, "+14155550202");
    const post = (body: Loose) => org.call("POST", `/custom_objects/${object.id}/records`, body);
    for (const [body, field] of [
      [{ properties: { position: "A", start_date: "2026-02-30" } }, "properties.start_date"],
      [{ properties: { position: "A", start_date: "soon" } }, "properties.start_date"],
      [{ properties: { position: "A", shifts: 2.5 } }, "properties.shifts"],
      [{ properties: { position: "A", remote: "maybe" } }, "properties.remote"],
      [{ properties: { position: 7 } }, "properties.position"],
      [{ properties: { start_date: "2026-05-01" } }, "properties.position"],
      [{ properties: { position: "A", colour: "red" } }, "properties.colour"],
      [
        { associated_resource_id: crypto.randomUUID(), properties: { position: "A" } },
        "associated_resource_id",
      ],
      [
        { associated_resource_type: "conversation", associated_resource_id: contact.id },
        "associated_resource_type",
      ],
      [{ associated_resource_type: "contact" }, "associated_resource_id"],
      [{ external_id: "", properties: {} }, "external_id"],
      [{ properties: { position: "A" }, extra: 1 }, ""],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      if (field) expect(fieldsOf(res), JSON.stringify(body)).toContain(field);
    }
    // A merge that leaves the record invalid is refused too: the stored value is checked with the new ones.
    const record = (await post({ external_id: "x-1", properties: { position: "A" } })).body.data;
    const cleared = await post({ external_id: "x-1", properties: { position: null } });
    expect(fieldsOf(cleared)).toEqual(["properties.position"]);
    const taken = await org.call("PUT", `/custom_objects/${object.id}/records/${record.id}`, {
      external_id: "x-1",
    });
    expect(taken.status).toBe(200);
    const second = (await post({ external_id: "x-2", properties: { position: "B" } })).body.data;
    const clash = await org.call("PUT", `/custom_objects/${object.id}/records/${second.id}`, {
      external_id: "x-1",
    });
    expect(fieldsOf(clash)).toEqual(["external_id"]);
  });

  it("stores each type as it reads: phones in the organization's region, emails lowercased, text as numbers", async () => {
    const british = await createOrganization(core, { default_country: "GB" });
    const types = ["float", "datetime", "email", "phone", "url", "list", "map"];
    const object = await createObject(british, {
      key: "every_type",
      label: "Every type",
      custom_properties: types.map((type) => ({ key: `a_${type}`, label: type, type })),
    });
    const good = await british.call("POST", `/custom_objects/${object.id}/records`, {
      properties: {
        a_float: "2.5",
        a_datetime: "2026-05-01T09:00:00+01:00",
        a_email: "Ana@Example.com",
        a_phone: "07700 900123",
        a_url: "https://example.com/jobs/1",
        a_list: ["a", 1],
        a_map: { nested: true },
      },
    });
    expect(good.status, good.text).toBe(201);
    expect(good.body.data.properties).toEqual({
      a_float: 2.5,
      a_datetime: "2026-05-01T09:00:00+01:00",
      a_email: "ana@example.com",
      a_phone: "+447700900123",
      a_url: "https://example.com/jobs/1",
      a_list: ["a", 1],
      a_map: { nested: true },
    });
    for (const [key, value] of [
      ["a_float", "2,5"],
      ["a_datetime", "2026-05-01"],
      ["a_email", "nobody"],
      ["a_phone", "12"],
      ["a_url", "ftp://example.com"],
      ["a_list", "a,b"],
      ["a_map", [1]],
    ] as const) {
      const res = await british.call("POST", `/custom_objects/${object.id}/records`, {
        properties: { [key]: value },
      });
      expect(res.status, key).toBe(422);
      expect(fieldsOf(res)).toEqual([`properties.${key}`]);
    }
  });

  it("makes one record of two concurrent upserts of one external id", async () => {
    const object = await createObject(org, { ...JOB, key: "job_race" });
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        org.call("POST", `/custom_objects/${object.id}/records`, {
          external_id: "same",
          properties: { position: `P${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect((await org.call("GET", `/custom_objects/${object.id}/records`)).body.total).toBe(1);
  });

  it("answers 404 for another organization's objects, records and contacts, and never lists them", async () => {
    const theirs = await createObject(other, { ...JOB, key: "their_job" });
    const theirContact = await contactOf(other, "+14155550203");
    const record = (
      await other.call("POST", `/custom_objects/${theirs.id}/records`, {
        associated_resource_id: theirContact.id,
        properties: { position: "Secret" },
      })
    ).body.data;
    const position = theirs.custom_properties[0].id;
    for (const [method, path, body] of [
      ["GET", `/custom_objects/${theirs.id}`],
      ["PUT", `/custom_objects/${theirs.id}`, { label: "Mine" }],
      ["GET", `/custom_objects/${theirs.id}/properties`],
      ["POST", `/custom_objects/${theirs.id}/properties`, { key: "x", label: "X", type: "text" }],
      ["PUT", `/custom_objects/${theirs.id}/properties/${position}`, { label: "X" }],
      ["GET", `/custom_objects/${theirs.id}/records`],
      ["POST", `/custom_objects/${theirs.id}/records`, { properties: { position: "x" } }],
      ["PUT", `/custom_objects/${theirs.id}/records/${record.id}`, { properties: {} }],
      ["PUT", `/custom_objects/${theirs.id}/records/${record.id}/properties/${position}`, { value: "x" }],
      ["GET", `/contacts/${theirContact.id}/custom_object_records`],
      ["GET", "/custom_objects/not-a-uuid"],
    ] as const) {
      const res = await org.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    // Their contact cannot be associated with our record either.
    const mine = await createObject(org, { ...JOB, key: "job_tenancy" });
    const foreign = await org.call("POST", `/custom_objects/${mine.id}/records`, {
      associated_resource_id: theirContact.id,
      properties: { position: "x" },
    });
    expect(fieldsOf(foreign)).toEqual(["associated_resource_id"]);
    const listed = await org.call("GET", "/custom_objects?limit=500");
    expect(listed.body.data.map((o: Loose) => o.key)).not.toContain("their_job");
    const values = await org.call("GET", `/custom_objects/property_values?custom_object_id=${theirs.id}`);
    expect(values.body.total).toBe(0);
    expect((await other.call("GET", `/contacts/${theirContact.id}/custom_object_records`)).body.total).toBe(
      1,
    );
  });

  it("drops a contact's records with the contact", async () => {
    const object = await createObject(org, { ...JOB, key: "job_deleted_contact" });
    const contact = await contactOf(org, "+14155550204");
    await org.call("POST", `/custom_objects/${object.id}/records`, {
      associated_resource_id: contact.id,
      properties: { position: "Temp" },
    });
    expect((await org.call("DELETE", `/contacts/${contact.id}`)).status).toBe(200);
    expect((await org.call("GET", `/custom_objects/${object.id}/records`)).body.total).toBe(0);
  });
});
