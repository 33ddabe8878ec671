import type { ContactRecord } from "./types.js";

/** The fields the detail screen edits, as strings in the form. */
export const EDITABLE_FIELDS = ["name", "phone", "email", "external_id", "language"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type ContactForm = Record<EditableField, string>;

export function formOf(contact: ContactRecord | undefined): ContactForm {
  return {
    name: contact?.name ?? "",
    phone: contact?.phone ?? "",
    email: contact?.email ?? "",
    external_id: contact?.external_id ?? "",
    language: contact?.language ?? "",
  };
}

/**
 * `PUT /v1/contacts/{id}`'s body: only the fields that changed, an emptied one as `null`
 * (the API's way to clear it). The API checks the values.
 */
export function changedFields(
  contact: ContactRecord,
  form: ContactForm,
): Partial<Record<EditableField, string | null>> {
  const before = formOf(contact);
  const body: Partial<Record<EditableField, string | null>> = {};
  for (const field of EDITABLE_FIELDS) {
    const value = form[field].trim();
    if (value !== before[field]) body[field] = value === "" ? null : value;
  }
  return body;
}

/** `POST /v1/contacts`' body from the new-contact form: blank fields left out. */
export function newContactBody(form: ContactForm): Partial<ContactForm> {
  const body: Partial<ContactForm> = {};
  for (const field of EDITABLE_FIELDS) {
    const value = form[field].trim();
    if (value) body[field] = value;
  }
  return body;
}

/** The contact a duplicate-identifier 422 names ("already belongs to contact <id>"), to link to it. */
export function holderOf(message: string | undefined): string | undefined {
  return message?.match(/already belongs to contact ([0-9a-f-]{36})/)?.[1];
}
