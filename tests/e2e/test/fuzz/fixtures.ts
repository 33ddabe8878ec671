import type { Organization } from "@relay/local-stack";

/** One organization's resources, created through the API, whose ids and addresses the fuzz uses. */
export interface OrgResources {
  organization: string;
  contact: string;
  conversation: string;
  channel: string;
  emailChannel: string;
  whatsappChannel: string;
  user: string;
  team: string;
  apiKey: string;
  phone: string;
  whatsappPhone: string;
  emailAddress: string;
  contactPhone: string;
  /** A draft, for the reads, the update, the preview and the duplicate. */
  campaign: string;
  /** One campaign per lifecycle action, in a status the action starts from (see requests.ts). */
  campaignToSend: string;
  campaignToPause: string;
  campaignToResume: string;
  campaignToCancel: string;
  /** A draft, for the reads, the update, activate and archive. */
  sequence: string;
  /** An active sequence whose sends wait a year, for the enrollments, their list and removals. */
  sequenceToEnroll: string;
  /** A run of `sequenceToEnroll`, resting on its first send. */
  sequenceRun: string;
  /** A tag, carried by `contact`. */
  tag: string;
  /** A developer application, and an endpoint of it posting to a closed local port (every attempt fails, nothing leaves). */
  application: string;
  endpoint: string;
  /**
   * An endpoint of its own for the actions (test, replay, a delivery's retry), which need it
   * enabled: the fuzz's updates of `endpoint` may disable that one.
   */
  endpointToAct: string;
  /** That endpoint's test delivery. */
  delivery: string;
  /** A custom object with one text property, and a record of it. */
  customObject: string;
  customProperty: string;
  customRecord: string;
  /** A message template, and a lead on the phone line. */
  template: string;
  lead: string;
}

async function created<T>(org: Organization, path: string, body: unknown, method = "POST"): Promise<T> {
  const res = await org.api<{ data: T }>(method, path, body);
  if (res.status !== 201)
    throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function moved(org: Organization, path: string): Promise<void> {
  const res = await org.api("POST", path);
  if (res.status !== 200) throw new Error(`fixture POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Draft SMS campaigns to one inline contact of their own (the consent routes may opt the usual
 * contact out), scheduled far ahead so that sending one only schedules it.
 */
async function createCampaigns(org: Organization, from: string, recipientPhone: string) {
  const draft = async (title: string) =>
    (
      await created<{ id: string }>(org, "/campaigns", {
        title,
        from,
        body: 'Hi {{contact.first_name | default: "there"}}',
        schedule_at: "2099-01-01T00:00:00Z",
        audience: { contacts: [{ phone: recipientPhone, name: "Fuzz Recipient" }] },
      })
    ).id;
  const campaign = await draft("Fuzz draft");
  const campaignToSend = await draft("Fuzz to send");
  const campaignToPause = await draft("Fuzz to pause");
  await moved(org, `/campaigns/${campaignToPause}/send`);
  const campaignToResume = await draft("Fuzz to resume");
  await moved(org, `/campaigns/${campaignToResume}/send`);
  await moved(org, `/campaigns/${campaignToResume}/pause`);
  const campaignToCancel = await draft("Fuzz to cancel");
  return { campaign, campaignToSend, campaignToPause, campaignToResume, campaignToCancel };
}

/**
 * Sequences whose every send and wait lasts a year, and an enrollment scheduled far ahead: an
 * enrollment (the fuzz's included) starts runs that rest on a pending step, sending nothing.
 */
async function createSequences(org: Organization, from: string, enrolledPhone: string) {
  const year = { value: 365, unit: "days" };
  const sequence = await created<{ id: string }>(org, "/sequences", {
    title: "Fuzz draft",
    from,
    steps: [
      { type: "send", key: "ask", body: "hi", delay: year },
      { type: "end", key: "done" },
    ],
  });
  const sequenceToEnroll = await created<{ id: string }>(org, "/sequences", {
    title: "Fuzz enrollments",
    from,
    steps: [
      { type: "send", key: "ask", body: "hi", delay: year },
      { type: "wait_for_reply", key: "wait", timeout: year, on_reply: "done", on_timeout: "nudge" },
      { type: "send", key: "nudge", body: "still there?", delay: year },
      { type: "end", key: "done" },
    ],
  });
  await moved(org, `/sequences/${sequenceToEnroll.id}/activate`);
  const enrolled = await org.api("POST", `/sequences/${sequenceToEnroll.id}/contacts`, {
    to: [{ phone: enrolledPhone, name: "Fuzz Enrolled" }],
    schedule_at: "2099-01-01T00:00:00Z",
  });
  if (enrolled.status !== 202)
    throw new Error(`fixture enrollment: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  const runs = await org.api<{ data: { id: string }[] }>(
    "GET",
    `/sequences/runs?sequence_id=${sequenceToEnroll.id}`,
  );
  const run = runs.body.data[0];
  if (!run) throw new Error(`fixture run: ${runs.status} ${JSON.stringify(runs.body)}`);
  return { sequence: sequence.id, sequenceToEnroll: sequenceToEnroll.id, sequenceRun: run.id };
}

/** An application, two endpoints that receive nothing (a closed port on this machine) and one delivery to the second. */
async function createWebhooks(org: Organization) {
  // The endpoint's application is not the fixture application: deleting that one would take the endpoint with it.
  const home = await created<{ id: string }>(org, "/developers/applications", { name: "Fuzz endpoints" });
  const application = await created<{ id: string }>(org, "/developers/applications", { name: "Fuzz app" });
  const endpoint = await created<{ id: string }>(org, "/developers/endpoints", {
    developer_application_id: home.id,
    url: "http://127.0.0.1:9/fuzz",
    event_types: ["endpoint.test"],
  });
  const endpointToAct = await created<{ id: string }>(org, "/developers/endpoints", {
    developer_application_id: home.id,
    url: "http://127.0.0.1:9/fuzz-actions",
    event_types: ["endpoint.test"],
  });
  const test = await org.api<{ data: { id: string } }>(
    "POST",
    `/developers/endpoints/${endpointToAct.id}/test`,
  );
  if (test.status !== 202) throw new Error(`fixture test event: ${test.status} ${JSON.stringify(test.body)}`);
  return {
    application: application.id,
    endpoint: endpoint.id,
    endpointToAct: endpointToAct.id,
    delivery: test.body.data.id,
  };
}

/** A custom object, its property and a record; a message template; a lead. */
async function createCatalogues(org: Organization, n: number) {
  const object = await created<{ id: string; custom_properties: Array<{ id: string }> }>(
    org,
    "/custom_objects",
    {
      key: `fuzz_object_${n}`,
      label: "Fuzz object",
      custom_properties: [{ key: "position", label: "Position", type: "text" }],
    },
  );
  const record = await created<{ id: string }>(org, `/custom_objects/${object.id}/records`, {
    external_id: `fuzz-record-${n}`,
    properties: { position: "Welder" },
  });
  const template = await created<{ id: string }>(org, "/automations/templates", {
    title: "Fuzz template",
    message: "hi",
  });
  const lead = await created<{ id: string }>(org, "/leads", { phone: `+1415555022${n}`, source: "fuzz" });
  return {
    customObject: object.id,
    customProperty: object.custom_properties[0]?.id ?? "",
    customRecord: record.id,
    template: template.id,
    lead: lead.id,
  };
}

/** `n` keeps the two organizations' numbers and addresses apart. */
export async function createResources(org: Organization, n: number): Promise<OrgResources> {
  const phone = `+1415555017${n}`;
  const whatsappPhone = `+1415555018${n}`;
  const emailAddress = `fuzz-${n}@example.com`;
  const contactPhone = `+1415555019${n}`;
  const channel = await created<{ id: string }>(org, "/channels", {
    type: "phone",
    name: "Fuzz line",
    phone,
    send_rate: 100,
  });
  const emailChannel = await created<{ id: string }>(org, "/channels", {
    type: "email",
    name: "Fuzz mail",
    address: emailAddress,
  });
  const whatsappChannel = await created<{ id: string }>(org, "/channels", {
    type: "whatsapp",
    name: "Fuzz WhatsApp",
    phone: whatsappPhone,
  });
  const contact = await created<{ id: string }>(org, "/contacts", {
    phone: contactPhone,
    name: "Fuzz Contact",
  });
  const tag = await created<{ id: string }>(org, "/tags", { name: `Fuzz tag ${n}`, color: "#1f8a70" });
  await org.api("POST", `/contacts/${contact.id}/tags`, { tag_id: tag.id });
  const user = await created<{ id: number }>(org, "/users", {
    name: "Fuzz User",
    email: `user-${n}@example.com`,
  });
  const team = await created<{ id: string }>(org, "/teams", { name: "Fuzz Team", user_ids: [user.id] });
  // A second key: the fuzz may disable or delete it, never the one it calls with.
  const apiKey = await created<{ id: string }>(org, "/api_keys", { name: "fuzz target" });
  const sent = await created<{ conversation_id: string }>(org, "/messaging/sms", {
    from: phone,
    to: contactPhone,
    body: "hello",
  });
  return {
    organization: org.id,
    contact: contact.id,
    conversation: sent.conversation_id,
    channel: channel.id,
    emailChannel: emailChannel.id,
    whatsappChannel: whatsappChannel.id,
    user: String(user.id),
    team: team.id,
    tag: tag.id,
    apiKey: apiKey.id,
    phone,
    whatsappPhone,
    emailAddress,
    contactPhone,
    ...(await createCampaigns(org, phone, `+1415555020${n}`)),
    ...(await createSequences(org, phone, `+1415555021${n}`)),
    ...(await createWebhooks(org)),
    ...(await createCatalogues(org, n)),
  };
}
