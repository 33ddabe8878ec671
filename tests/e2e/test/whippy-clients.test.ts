import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLine, sinceNoonInLosAngeles } from "./campaign-helpers.js";

/**
 * The calls Whippy's own clients make, written as they make them (paths, bodies, query strings
 * and how they read answers), against the gateway with only the base URL and key changed:
 * its MCP server (axios; errors read as `errors[0].description`) and its Activepieces piece
 * (fetch; `url` with a trailing `?` before its own query string).
 */
const LINE = "+14155550160";
const number = (i: number) => `+1415555${String(5000 + i).padStart(4, "0")}`;

let stack: Stack;
let org: Organization;
let base: string;

beforeAll(async () => {
  const shift = -sinceNoonInLosAngeles();
  stack = await startStack({ campaignsNow: () => new Date(Date.now() + shift) });
  org = await stack.createOrganization("Whippy Clients Org");
  await addLine(org, LINE, 50);
  base = `${stack.gatewayUrl}/v1`;
});
afterAll(() => stack?.stop());

/** The MCP server's axios instance: JSON, `X-WHIPPY-KEY`, answers read as `response.data`. */
async function mcp(method: string, path: string, body?: unknown, key = org.apiKey) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      "X-WHIPPY-KEY": key,
      "Content-Type": "application/json",
      "User-Agent": "Whippy-MCP-Server/1.0.0",
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const data = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status >= 400) {
    const errors = data?.errors as Array<{ description: string }> | undefined;
    return {
      success: false as const,
      status: res.status,
      error: errors?.[0]?.description ?? `HTTP ${res.status}`,
    };
  }
  return { success: true as const, status: res.status, data };
}

/**
 * The Activepieces piece's `callAPI`: `${rootUrl}/${url}` then `?` and its params (a list appends
 * each item, so `[undefined]` is the text "undefined"), body as given.
 */
async function piece(
  url: string,
  method: string,
  body?: object,
  params?: Record<string, unknown>,
  apiKey = org.apiKey,
) {
  let apiUrl = `${base}/${url}`;
  if (params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (Array.isArray(value)) for (const item of value) query.append(key, item as string);
      else query.append(key, value as string);
    }
    apiUrl += `?${query.toString()}`;
  }
  const res = await fetch(apiUrl, {
    method,
    headers: { accept: "application/json", "content-type": "application/json", "X-WHIPPY-KEY": apiKey },
    ...(body && method !== "GET" && { body: JSON.stringify(body) }),
  });
  return { status: res.status, data: (await res.json()) as Record<string, unknown> };
}

describe("Whippy's MCP server", () => {
  it("validates its key, creates and sends a campaign, and reads its analytics", async () => {
    expect((await mcp("GET", "/organization")).success).toBe(true); // validateAuth()
    expect((await mcp("GET", "/organization", undefined, "wk_wrong")).success).toBe(false);

    const contact = await mcp("POST", "/contacts", { name: "Mia Park", phone: number(1) });
    expect(contact.success).toBe(true);
    const contactId = (contact.data?.data as { id: string } | undefined)?.id;

    // createCampaign(campaign: {name, message, contact_ids, scheduled_at?}): no channel named.
    const created = await mcp("POST", "/campaigns", {
      name: "Saturday shifts",
      message: "Saturday shifts are open, reply YES",
      contact_ids: [contactId],
    });
    expect(created.success, JSON.stringify(created)).toBe(true);
    const campaign = created.data?.data as { id: string; title: string; body: string; from: string };
    expect(campaign).toMatchObject({
      title: "Saturday shifts",
      body: "Saturday shifts are open, reply YES",
      from: LINE,
    });

    expect((await mcp("POST", `/campaigns/${campaign.id}/send`)).success).toBe(true); // sendCampaign()
    await waitFor(() => stack.twilio.messages.find((m) => m.to === number(1)), {
      description: "the campaign text",
    });
    const analytics = await waitFor(async () => {
      const got = await mcp("GET", `/campaigns/${campaign.id}/analytics`);
      const data = got.data?.data as { messages_delivered: number } | undefined;
      return data?.messages_delivered === 1 ? data : undefined;
    });
    expect(analytics).toMatchObject({ campaign_id: campaign.id, messages_sent: 1, messages_failed: 0 });

    // An error as the client reads it: errors[0].description, naming the field.
    const bad = await mcp("POST", "/campaigns", { name: "No audience", message: "x" });
    expect(bad).toMatchObject({ success: false, status: 422 });
    expect(bad.success === false && bad.error).toMatch(/^audience/);
    expect((await mcp("GET", `/campaigns/${crypto.randomUUID()}/analytics`)).status).toBe(404);
  });
});

describe("Whippy's MCP server, messaging tools", () => {
  it("sends an SMS through /messages/sms with `message` and no `from`, and refuses one it cannot route", async () => {
    // send_or_schedule_sms_or_whatsapp → client.sendSMS(to, message, from?) → POST /messages/sms
    const sent = await mcp("POST", "/messages/sms", { to: number(30), message: "Are you free Friday?" });
    expect(sent.success, JSON.stringify(sent)).toBe(true);
    expect(sent.data?.data).toMatchObject({ delivery_status: "queued" });
    const text = await waitFor(() => stack.twilio.messages.find((m) => m.to === number(30)), {
      description: "the SMS at the fake",
    });
    expect(text).toMatchObject({ from: LINE, body: "Are you free Friday?" });

    // sendEmail(to, subject, message, from?) with no email channel: the field is named.
    const mail = await mcp("POST", "/messages/email", { to: "ana@example.com", subject: "Hi", message: "x" });
    expect(mail).toMatchObject({ success: false, status: 422 });
    expect(mail.success === false && mail.error).toMatch(/^from: /);
    const empty = await mcp("POST", "/messages/sms", { to: number(31), message: "" });
    expect(empty.success === false && empty.error).toMatch(/^message: /);
  });
});

describe("Whippy's MCP server, leads", () => {
  it("creates a lead as createLead(lead) sends it: the contact and its conversation, once per Idempotency-Key", async () => {
    // createLead(lead: {name, email, phone, source, status}) → POST /leads, no channel, no text.
    const lead = await mcp("POST", "/leads", {
      name: "Lee Ortiz",
      email: "lee@example.com",
      phone: number(40),
      source: "indeed",
      status: "new",
    });
    expect(lead.success, JSON.stringify(lead)).toBe(true);
    expect(lead.status).toBe(201);
    const data = lead.data?.data as Record<string, string>;
    expect(data).toMatchObject({
      name: "Lee Ortiz",
      email: "lee@example.com",
      phone: number(40),
      status: "new",
    });
    const conversation = await mcp("GET", `/conversations/${data.conversation_id}`);
    expect(conversation.data?.data).toMatchObject({ contact_id: data.contact_id, status: "open" });

    const bad = await mcp("POST", "/leads", { name: "No way to reach" });
    expect(bad).toMatchObject({ success: false, status: 422 });
    expect(bad.success === false && bad.error).toMatch(/^phone: /);
    expect((await mcp("POST", "/leads", { phone: number(41) }, "wk_wrong")).status).toBe(401);

    const once = {
      method: "POST",
      headers: {
        "X-WHIPPY-KEY": org.apiKey,
        "Content-Type": "application/json",
        "Idempotency-Key": `lead-${data.id}`,
      },
      body: JSON.stringify({ phone: number(42), body: "Interested" }),
    };
    const first = await fetch(`${base}/leads`, once);
    const again = await fetch(`${base}/leads`, once);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { data: { id: string } }).data.id).toBe(
      ((await first.json()) as { data: { id: string } }).data.id,
    );
  });
});

describe("Whippy's Activepieces piece", () => {
  it("sends a campaign through /campaigns/sms and lists its contacts with the piece's query", async () => {
    // send-campaign.ts: attachments and automation_templates wrapped in a list (here of nothing),
    // `to` a list of what the user gave (phone numbers, or contact rows), exclude and custom_data optional.
    const sent = await piece("campaigns/sms", "POST", {
      from: LINE,
      body: 'Hi {{contact.first_name | default: "there"}}, new shifts this week',
      attachments: [undefined],
      automation_templates: [undefined],
      title: "Piece campaign",
      to: [
        `${number(2)},${number(3)}`,
        { first_name: "Noah", last_name: "Lee", phone: number(4), custom_a: "forklift", email: "" },
      ],
      exclude: { lastCampaign: 3 },
    });
    expect(sent.status, JSON.stringify(sent.data)).toBe(202);
    const id = (sent.data.data as { campaign_id: string }).campaign_id;
    const texts = await waitFor(
      () => {
        const got = [2, 3, 4].map((i) => stack.twilio.messages.find((m) => m.to === number(i))?.body);
        return got.every(Boolean) ? got : undefined;
      },
      { description: "three campaign texts" },
    );
    expect(texts).toEqual([
      "Hi there, new shifts this week",
      "Hi there, new shifts this week",
      "Hi Noah, new shifts this week",
    ]);

    // list-campaign-contacts.ts: `campaigns/${id}/contacts?` plus its params, every flag false by default.
    const listed = await piece(
      `campaigns/${id}/contacts?`,
      "GET",
      {},
      {
        limit: 2,
        offset: 0,
        delivered: false,
        responded: false,
        unsubscribed: false,
        clicked_level: false,
      },
    );
    expect(listed.status, JSON.stringify(listed.data)).toBe(200);
    expect(listed.data.total).toBe(3);
    expect(listed.data.data).toHaveLength(2); // the `?limit` it sends is read as `limit`
    const responded = await piece(
      `campaigns/${id}/contacts?`,
      "GET",
      {},
      { limit: 50, offset: 0, responded: true },
    );
    expect(responded.data.total).toBe(0);

    const bad = await piece("campaigns/sms", "POST", { from: LINE, body: "x", title: "No one", to: [] });
    expect(bad.status).toBe(422);
    expect((bad.data.errors as Array<{ description: string }>)[0]?.description).toMatch(/^to/);
  });
});

describe("Whippy's Activepieces piece: tags, notes and sequence runs", () => {
  it("creates, lists, updates and deletes a tag with the piece's calls, and tags a contact", async () => {
    // createTag: {name, color}; listTags: every parameter, unset ones as "undefined".
    const created = await piece("tags", "POST", { name: "Forklift  certified ", color: "#1f8a70" });
    expect(created.status).toBe(201);
    const tag = created.data.data as { id: string; name: string; system_created: boolean; state: string };
    expect(tag).toMatchObject({ name: "Forklift certified", system_created: false, state: "active" });
    const listed = await piece(
      "tags",
      "GET",
      {},
      {
        limit: undefined,
        offset: undefined,
        search: "forklift",
        state: "active",
        system: "non system",
      },
    );
    expect(listed.status).toBe(200);
    expect((listed.data.data as Array<{ id: string }>).map((t) => t.id)).toEqual([tag.id]);

    const contact = await mcp("POST", "/contacts", { name: "Tia Ray", phone: number(60) });
    const contactId = ((contact.data?.data ?? {}) as { id: string }).id;
    const tagged = await mcp("POST", `/contacts/${contactId}/tags`, { tag_id: tag.id });
    expect(tagged.success).toBe(true);
    // updateTag: {color, name, state} (unset ones left out by JSON.stringify).
    const renamed = await piece(`tags/${tag.id}`, "PUT", { name: "Forklift", state: "archived" });
    expect(renamed.data.data).toMatchObject({ name: "Forklift", state: "archived" });
    const shown = await mcp("GET", `/contacts/${contactId}`);
    const shownContact = shown.data?.data as { tags: string[]; contact_tags: Array<{ tag: { id: string } }> };
    expect(shownContact.tags).toEqual(["Forklift"]);
    expect(shownContact.contact_tags.map((ct) => ct.tag.id)).toEqual([tag.id]);
    // A campaign's audience names the same tag by id (renamed or not); an unknown id matches nobody.
    const audienceOf = async (tagIds: string[]) => {
      const draft = await mcp("POST", "/campaigns", {
        title: "By tag",
        from: LINE,
        body: "Hi",
        audience: { tag_ids: tagIds },
      });
      expect(draft.status, JSON.stringify(draft)).toBe(201);
      const id = (draft.data?.data as { id: string } | undefined)?.id;
      const preview = await mcp("GET", `/campaigns/${id}/preview`);
      return (preview.data?.data as { audience: number } | undefined)?.audience;
    };
    expect(await audienceOf([tag.id])).toBe(1);
    expect(await audienceOf([crypto.randomUUID()])).toBe(0);
    // deleteTag reads the answer as JSON: it must have a body.
    const removed = await piece(`tags/${tag.id}`, "DELETE");
    expect(removed).toMatchObject({ status: 200, data: { data: { id: tag.id, deleted: true } } });
    expect(
      (((await mcp("GET", `/contacts/${contactId}`)).data?.data ?? {}) as { tags: string[] }).tags,
    ).toEqual([]);
    const invalid = await mcp("POST", "/tags", { name: "Bad color", color: "green" });
    expect(invalid.success === false && invalid.error).toMatch(/^color/);
  });

  it("writes a note as the piece does: stored in the conversation, never sent", async () => {
    const sentBefore = stack.twilio.messages.length;
    const note = await piece("messaging/note", "POST", {
      from: LINE,
      to: number(61),
      body: "Called about Saturday, no answer",
      attachments: [],
    });
    expect(note.status).toBe(201);
    const message = note.data.data as { conversation_id: string; type: string; source_type: string };
    expect(message).toMatchObject({ type: "note", source_type: "NOTE" });
    const thread = await mcp("GET", `/conversations/${message.conversation_id}/messages`);
    expect(((thread.data?.data ?? []) as Array<{ body: string }>).map((m) => m.body)).toEqual([
      "Called about Saturday, no answer",
    ]);
    expect(stack.twilio.messages.length).toBe(sentBefore);
    const empty = await piece("messaging/note", "POST", {
      from: LINE,
      to: number(61),
      body: "",
      attachments: [],
    });
    expect(empty.status).toBe(422);
    expect((empty.data.errors as Array<{ description: string }>)[0]?.description).toMatch(/^body/);
  });

  it("lists and shows a sequence's runs with the piece's calls and its default filters", async () => {
    const sequence = await mcp("POST", "/sequences", {
      title: "Follow up",
      steps: [{ type: "send", key: "ask", body: "Still looking?", delay: { value: 1, unit: "days" } }],
    });
    const id = ((sequence.data?.data ?? {}) as { id: string }).id;
    await mcp("POST", `/sequences/${id}/activate`);
    await mcp("POST", `/sequences/${id}/contacts`, { to: [{ phone: number(62) }] });
    // listSequenceRun: limit 50, offset 0, status "active", phone/before/after/channel_id "".
    const runs = await piece(
      `sequences/${id}/sequence_runs`,
      "GET",
      {},
      {
        limit: 50,
        offset: 0,
        status: "active",
        phone: "",
        before: "",
        after: "",
        channel_id: "",
      },
    );
    expect(runs.status).toBe(200);
    const [run] = runs.data.data as Array<{ id: string; contact_id: string }>;
    expect(runs.data.total).toBe(1);
    const shown = await piece(`sequences/${id}/sequence_runs/${run?.id}`, "GET");
    expect(shown.data.data).toMatchObject({ id: run?.id, sequence_id: id });
    const mine = await mcp("GET", `/contacts/${run?.contact_id}/sequences`);
    expect(mine.data?.total).toBe(1);
  });
});

describe("Whippy's Activepieces piece: custom objects", () => {
  it("defines an object and its properties, upserts, updates and lists records with the piece's calls", async () => {
    // create-custom-object.ts: {key, label, custom_properties} (one property object; dropdown values).
    const created = await piece("custom_objects", "POST", {
      key: "job_application",
      label: "Job application",
      custom_properties: {
        default: undefined,
        key: "position",
        label: "Position",
        required: "true",
        type: "0",
      },
    });
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    const object = created.data.data as {
      id: string;
      custom_properties: Array<{ key: string; type: string }>;
    };
    expect(object.custom_properties).toMatchObject([{ key: "position", type: "text" }]);
    // create-custom-property.ts: {key, label, default, required, type}.
    const shifts = await piece(`custom_objects/${object.id}/properties`, "POST", {
      key: "shifts",
      label: "Shifts per week",
      default: "3",
      required: "true",
      type: "1",
    });
    expect(shifts.status, JSON.stringify(shifts.data)).toBe(201);
    const shiftsId = (shifts.data.data as { id: string }).id;
    await piece(`custom_objects/${object.id}/properties`, "POST", {
      key: "start_date",
      label: "Start date",
      required: undefined,
      type: "4",
    });
    // list-custom-objects.ts: {limit, offset}, unset ones as "undefined".
    const objects = await piece("custom_objects", "GET", {}, { limit: undefined, offset: undefined });
    expect(objects.data.total).toBe(1);

    // create-custom-record.ts: {associated_record_id, associated_record_type, external_id, properties}.
    const contact = await mcp("POST", "/contacts", { name: "Ana Ruiz", phone: number(70) });
    const contactId = ((contact.data?.data ?? {}) as { id: string }).id;
    const record = await piece(`custom_objects/${object.id}/records`, "POST", {
      associated_record_id: contactId,
      associated_record_type: "0",
      external_id: "app-1",
      properties: { position: "Welder" },
    });
    expect(record.status, JSON.stringify(record.data)).toBe(201);
    const recordId = (record.data.data as { id: string }).id;
    expect(record.data.data).toMatchObject({
      associated_resource_id: contactId,
      associated_resource_type: "contact",
      properties: { position: "Welder", shifts: 3 },
    });
    // The same external_id again merges into that record.
    const again = await piece(`custom_objects/${object.id}/records`, "POST", {
      associated_record_id: contactId,
      associated_record_type: "0",
      external_id: "app-1",
      properties: { start_date: "2026-05-04" },
    });
    expect(again.status).toBe(200);
    expect(again.data.data).toMatchObject({
      id: recordId,
      properties: { position: "Welder", start_date: "2026-05-04" },
    });
    const invalid = await piece(`custom_objects/${object.id}/records`, "POST", {
      external_id: "app-2",
      properties: { position: "Driver", start_date: "next week" },
    });
    expect(invalid.status).toBe(422);
    expect((invalid.data.errors as Array<{ description: string }>)[0]?.description).toMatch(
      /^properties\.start_date/,
    );

    // update-custom-object.ts (a record): PUT custom_objects/{id}/records/{record_id}.
    const updated = await piece(`custom_objects/${object.id}/records/${recordId}`, "PUT", {
      associated_record_id: contactId,
      associated_record_type: "0",
      external_id: "app-1",
      properties: { position: "Lead welder" },
    });
    expect(updated.data.data).toMatchObject({ id: recordId, properties: { position: "Lead welder" } });
    // update-custom-property.ts: {value}, as text.
    const value = await piece(
      `custom_objects/${object.id}/records/${recordId}/properties/${shiftsId}`,
      "PUT",
      {
        value: "5",
      },
    );
    expect(value.data.data).toMatchObject({ custom_property_id: shiftsId, value: 5 });

    // list-custom-records.ts: GET custom_objects/{id} with {limit, offset, associated_resource_id, associated_resource_type}.
    const records = await piece(
      `custom_objects/${object.id}`,
      "GET",
      {},
      {
        limit: undefined,
        offset: undefined,
        associated_resource_id: contactId,
        associated_resource_type: "contact",
      },
    );
    expect(records.status).toBe(200);
    expect(records.data).toMatchObject({ data: { id: object.id }, total: 1 });
    expect((records.data.custom_object_records as Array<{ id: string }>).map((r) => r.id)).toEqual([
      recordId,
    ]);
    // list-custom-property.ts: its defaults for what is unset (offset 0, after 2022-11-03).
    const values = await piece(
      "custom_objects/property_values",
      "GET",
      {},
      {
        custom_object_id: object.id,
        limit: 50,
        offset: 0,
        associated_resource_id: contactId,
        associated_resource_type: "contact",
        before: new Date(Date.now() + 3_600_000).toISOString(),
        after: "2022-11-03T00:00:00Z",
      },
    );
    expect(values.status, JSON.stringify(values.data)).toBe(200);
    expect((values.data.data as Array<{ key: string; value: unknown }>).map((v) => [v.key, v.value])).toEqual(
      [
        ["position", "Lead welder"],
        ["shifts", 5],
        ["start_date", "2026-05-04"],
      ],
    );
    const mine = await mcp("GET", `/contacts/${contactId}/custom_object_records`);
    expect(mine.data?.total).toBe(1);

    const duplicate = await piece("custom_objects", "POST", { key: "job_application", label: "Again" });
    expect(duplicate.status).toBe(422);
    expect((duplicate.data.errors as Array<{ description: string }>)[0]?.description).toMatch(/^key/);
    expect((await piece("custom_objects", "GET", {}, {}, "wk_wrong")).status).toBe(401);
  });
});

describe("Whippy's Activepieces piece: automation templates", () => {
  it("lists templates with the piece's call (POST, empty body, its params), refusing a wrong key", async () => {
    const made = await mcp("POST", "/automations/templates", {
      title: "Shift reminder",
      message: 'Hi {{contact.first_name | default: "there"}}, your shift starts at 8',
      channel_type: "phone",
    });
    expect(made.status, JSON.stringify(made)).toBe(201);
    const template = made.data?.data as { id: string; variables: string[] };
    expect(template.variables).toEqual(["contact.first_name"]);
    await mcp("POST", "/automations/templates", { title: "Welcome", message: "Welcome aboard" });

    // list-automation-templates.ts: limit 50, offset 0, title "" when unset, the rest as given
    // (unset: undefined, and the user id lists wrapped in a list).
    const run = (title: string, apiKey?: string) =>
      piece(
        "automations/templates",
        "POST",
        {},
        {
          limit: 50,
          offset: 0,
          title,
          archived: undefined,
          access_level: undefined,
          created_by: [undefined],
          updated_by: [undefined],
        },
        apiKey,
      );
    const all = await run("");
    expect(all.status, JSON.stringify(all.data)).toBe(200);
    expect(all.data.total).toBe(2);
    const found = await run("shift");
    expect((found.data.data as Array<{ id: string }>).map((t) => t.id)).toEqual([template.id]);
    expect((await run("", "wk_wrong")).status).toBe(401);

    const shown = await mcp("GET", `/automations/templates/${template.id}`);
    expect(shown.data?.data).toMatchObject({ id: template.id, title: "Shift reminder" });
    const bad = await mcp("POST", "/automations/templates", { message: "No title" });
    expect(bad).toMatchObject({ success: false, status: 422 });
    expect(bad.success === false && bad.error).toMatch(/^title/);
    const removed = await piece(`automations/templates/${template.id}`, "DELETE");
    expect(removed).toMatchObject({ status: 200, data: { data: { id: template.id, deleted: true } } });
    expect((await mcp("GET", `/automations/templates/${template.id}`)).status).toBe(404);
  });
});
