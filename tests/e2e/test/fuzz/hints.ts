import fc from "fast-check";
import type { OrgResources } from "./fixtures.js";
import type { JsonLike } from "./json-text.js";
import type { BaseBodies } from "./targeted-cases.js";

let counter = 0;
/** A number and an address no earlier request used, so creates are not refused as duplicates. */
const freshPhone = () => `+1628555${String(1000 + (counter++ % 9000)).padStart(4, "0")}`;
const freshEmail = () => `fuzz-${counter++}@example.com`;

/** Realistic values by property name, so bad fields travel inside requests that would succeed. */
export function hintsFor(own: OrgResources, other: OrgResources): Record<string, fc.Arbitrary<JsonLike>> {
  const phones = fc.oneof(
    fc.constantFrom(own.phone, own.whatsappPhone, own.contactPhone, "(415) 555-2671", "+15005550001"),
    fc.constant(null).map(freshPhone),
  );
  const emails = fc.oneof(
    fc.constantFrom(own.emailAddress, "jane@example.com", "Jane.Doe@Example.com"),
    fc.constant(null).map(freshEmail),
  );
  const channelIds = fc.constantFrom(own.channel, own.emailChannel, own.whatsappChannel, other.channel);
  const userIds = fc.oneof(
    fc.constantFrom(Number(own.user), Number(other.user), 2_147_483_647),
    fc.integer({ min: 1, max: 1000 }),
  );
  return {
    phone: phones,
    to: fc.oneof(phones, emails),
    from: fc.constantFrom(own.phone, own.whatsappPhone, own.emailAddress, other.phone),
    email: emails,
    address: emails,
    reply_to: emails,
    sender_email: emails,
    "cc[]": emails,
    "bcc[]": emails,
    "voice_forwarding_numbers[]": phones,
    id: channelIds,
    channel_id: channelIds,
    default_channel_id: channelIds,
    "user_ids[]": userIds,
    "contact_ids[]": fc.constantFrom(own.contact, other.contact),
    contact_id: fc.constantFrom(own.contact, other.contact),
    assigned_user_id: userIds,
    assigned_team_id: fc.constantFrom(own.team, other.team),
    timezone: fc.constantFrom("America/New_York", "UTC", "Europe/Paris", "Mars/Olympus", "+01:00"),
    language: fc.constantFrom("en", "en_US", "fr"),
    default_country: fc.constantFrom("US", "fr", "ZZ"),
    // The enrollment sequence's keys (every send there waits a year), and keys it does not have.
    step_id: fc.constantFrom("ask", "wait", "nudge", "done", "step_1", "missing"),
  };
}

/** A valid graph: keyed steps, one with the default key (`step_2`), every target a step. */
const SEQUENCE_STEPS: JsonLike[] = [
  { type: "send", key: "ask", body: "hi", delay: { value: 1, unit: "days" } },
  { type: "wait_for_reply", timeout: { value: 2, unit: "days" }, on_reply: "check", on_timeout: "done" },
  { type: "branch", key: "check", rules: [{ keywords: ["YES"], next: "done" }], otherwise: "done" },
  { type: "end", key: "done" },
];

/** A valid body per operation (`METHOD template`); one field at a time is then made bad. */
export function baseBodies(own: OrgResources): BaseBodies {
  const optPreference = () => ({ channel_id: own.channel });
  return {
    "POST /contacts": () => ({ phone: freshPhone() }),
    "PUT /contacts/{id}": () => ({}),
    "POST /contacts/search": () => ({}),
    "PUT /contacts/upsert": () => ({ contacts: [{ phone: freshPhone() }] }),
    "POST /contacts/{id}/communication_preferences/opt_in": optPreference,
    "POST /contacts/{id}/communication_preferences/opt_out": optPreference,
    // Fresh recipients: the consent routes, fuzzed first, may have opted the usual ones out.
    "POST /messaging/sms": () => ({ from: own.phone, to: freshPhone(), body: "hi" }),
    "POST /messaging/email": () => ({ from: own.emailAddress, to: freshEmail(), body: "hi" }),
    "POST /messages/sms": () => ({ from: own.phone, to: freshPhone(), message: "hi" }),
    "POST /leads": () => ({ phone: freshPhone(), name: "Fuzz lead", source: "fuzz", body: "hi" }),
    "POST /custom_objects": () => ({ key: `fuzz_${counter++}`, label: "x" }),
    "PUT /custom_objects/{id}": () => ({ label: "y" }),
    "POST /custom_objects/{id}/properties": () => ({ key: `p_${counter++}`, label: "x", type: "text" }),
    "PUT /custom_objects/{id}/properties/{property_id}": () => ({ label: "y" }),
    "POST /custom_objects/{id}/records": () => ({ properties: { position: "x" } }),
    "PUT /custom_objects/{id}/records/{record_id}": () => ({ properties: { position: "y" } }),
    "PATCH /custom_objects/{id}/records/{record_id}": () => ({ properties: { position: "y" } }),
    "PUT /custom_objects/{id}/records/{record_id}/properties/{property_id}": () => ({ value: "z" }),
    "POST /automations/templates": () => ({ title: "x", message: "hi" }),
    "PUT /automations/templates/{id}": () => ({ title: "y" }),
    "POST /messaging/note": () => ({ from: own.phone, to: freshPhone(), body: "a note", attachments: [] }),
    "POST /messages/email": () => ({ from: own.emailAddress, to: freshEmail(), message: "hi" }),
    "POST /messaging/whatsapp": () => ({
      from: own.whatsappPhone,
      to: freshPhone(),
      template: { name: "hello", language: "en_US" },
    }),
    "POST /messaging/bulk": () => ({
      messages: [{ key: `fuzz-${counter++}`, type: "sms", from: own.phone, to: freshPhone(), body: "hi" }],
    }),
    "POST /messaging/consent/opted_out": () => ({ channel_id: own.channel, contact_ids: [own.contact] }),
    "POST /messaging/replied": () => ({ contact_ids: [own.contact], since: "2026-01-01T00:00:00Z" }),
    // Scheduled far ahead: a valid request schedules a campaign rather than sending it.
    "POST /messaging/sms/campaign": () => ({
      from: own.phone,
      body: "hi",
      schedule_at: "2099-01-01T00:00:00Z",
      contacts: [{ phone: freshPhone() }],
    }),
    "POST /campaigns/sms": () => ({
      from: own.phone,
      body: "hi",
      title: "x",
      schedule_at: "2099-01-01T00:00:00Z",
      to: [freshPhone()],
    }),
    "POST /campaigns": () => ({
      title: "x",
      from: own.phone,
      body: "hi",
      audience: { contact_ids: [own.contact] },
    }),
    "PUT /campaigns/{id}": () => ({}),
    "POST /campaigns/{id}/duplicate": () => ({}),
    // Drafts: nothing runs until activated. The enrollment's runs start in 2099, and its sends wait a year.
    "POST /sequences": () => ({
      title: "x",
      from: own.phone,
      steps: SEQUENCE_STEPS,
    }),
    "PUT /sequences/{id}": () => ({}),
    "POST /sequences/{id}/contacts": () => ({
      to: [{ phone: freshPhone() }],
      schedule_at: "2099-01-01T00:00:00Z",
    }),
    "DELETE /sequences/{id}/contacts": () => ({ contacts: [{ id: own.contact }] }),
    "POST /sequences/{id}/migrate_runs": () => ({}),
    // Endpoints on a closed local port: deliveries fail on this machine, nothing leaves it.
    "POST /developers/applications": () => ({ name: "x" }),
    "PUT /developers/applications/{id}": () => ({}),
    "POST /developers/endpoints": () => ({ url: "http://127.0.0.1:9/fuzz", event_types: ["endpoint.test"] }),
    "PUT /developers/endpoints/{id}": () => ({}),
    "POST /developers/endpoints/{id}/replay": () => ({ since: "2099-01-01T00:00:00Z" }),
    "POST /custom_events": () => ({ event: "fuzz.event" }),
    "POST /custom_events/bulk": () => ({ events: [{ event: "fuzz.event" }] }),
    "POST /conversations/search": () => ({ query: "a" }),
    "PUT /conversations/{id}": () => ({}),
    "POST /channels": () => ({ type: "email", name: "x", address: freshEmail() }),
    "PUT /channels/{id}": () => ({}),
    "PUT /channels/{id}/users": () => ({ user_ids: [] }),
    "POST /users": () => ({ name: "x", email: freshEmail() }),
    "PUT /users/{id}": () => ({}),
    "POST /teams": () => ({ name: "x" }),
    "POST /tags": () => ({ name: `tag ${counter++}` }),
    "PUT /tags/{id}": () => ({}),
    "POST /contacts/{id}/tags": () => ({ name: "Fuzzed" }),
    "PUT /teams/{id}": () => ({}),
    "POST /api_keys": () => ({ name: "x" }),
    "PUT /api_keys/{id}": () => ({}),
    "POST /admin/organizations": () => ({ name: "x" }),
    "POST /admin/organizations/{id}/api_keys": () => ({}),
  };
}
