import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  AddContactTags,
  Contact,
  CreateContact,
  DeletedContact,
  dataOf,
  listOf,
  SearchContacts,
  UpdateContact,
  UpsertContactRow,
  UpsertContactsResult,
} from "@relay/domain";
import { errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

export function registerContacts(registry: OpenAPIRegistry): void {
  const contact = component(registry, "Contact", Contact);
  const create = component(registry, "CreateContactRequest", CreateContact);
  const update = component(registry, "UpdateContactRequest", UpdateContact);
  const list = component(registry, "ContactList", listOf(contact));
  const one = component(registry, "ContactResponse", dataOf(contact));
  const tags = ["Contacts"];

  registry.registerPath({
    method: "get",
    path: "/contacts",
    operationId: "getContacts",
    tags,
    summary: "List contacts",
    description:
      "Oldest first. Extension: `tag` / `tags[]` (names) and `tag_ids` (ids), one or repeated: contacts " +
      "carrying any of them. Every contact carries `contact_tags` (Whippy's tag objects for its `tags`).",
    request: {
      query: ListQuery.extend({
        tag: z.string().optional().describe("A tag name (repeat for several): contacts carrying any."),
        tag_ids: z.uuid().optional().describe("A tag id (repeat for several): contacts carrying any."),
      }),
    },
    responses: { "200": json(list, "A page of contacts, oldest first"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/contacts",
    operationId: "createContact",
    tags,
    summary: "Create a contact",
    description:
      "Phone (read in the organization's country, stored as E.164) or email is required. " +
      "`properties`: at most 64 KiB as JSON, 5 levels of nested objects/arrays, 1,000 keys.",
    request: { headers: IdempotencyHeader, body: jsonBody(create) },
    responses: { "201": json(one, "Contact created"), ...errorResponses("409", "422") },
  });
  registry.registerPath({
    method: "post",
    path: "/contacts/search",
    operationId: "searchContacts",
    tags,
    summary: "Search contacts",
    description: "Every given filter must match; `name` matches a case-insensitive substring.",
    request: { body: jsonBody(SearchContacts) },
    responses: { "200": json(list, "Matching contacts"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "put",
    path: "/contacts/upsert",
    operationId: "upsertContacts",
    tags,
    summary: "Upsert contacts",
    description:
      "Creates or updates up to 1000 contacts keyed on external_id, phone or email. Rows are " +
      "checked one by one: each row's outcome is reported, and a bad row does not fail the others.",
    request: { body: jsonBody(z.object({ contacts: z.array(UpsertContactRow).min(1).max(1000) })) },
    responses: {
      "202": json(
        dataOf(component(registry, "UpsertContactsResult", UpsertContactsResult)),
        "Per-row outcomes",
      ),
      ...errorResponses("422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/contacts/{id}",
    operationId: "getContact",
    tags,
    summary: "Show a contact",
    request: { params: PathId },
    responses: { "200": json(one, "A single contact"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/contacts/{id}",
    operationId: "updateContact",
    tags,
    summary: "Update a contact",
    description:
      "Send any subset of the fields; `null` clears a field; `properties` are merged key by key " +
      "(the merged properties must stay within 64 KiB, 5 levels and 1,000 keys).",
    request: { params: PathId, body: jsonBody(update) },
    responses: { "200": json(one, "Contact updated"), ...errorResponses("404", "409", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/contacts/{id}",
    operationId: "deleteContact",
    tags,
    summary: "Delete a contact",
    request: { params: PathId },
    responses: { "200": json(dataOf(DeletedContact), "Contact deleted"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "post",
    path: "/contacts/{id}/tags",
    operationId: "addContactTags",
    tags,
    summary: "Add tags to a contact (extension)",
    description:
      "By id (`tag_id`, `tag_ids`: tags that must exist, else 422 naming the field) or by name (`name`, " +
      "`names`: created when new). Tags the contact has already are kept once; at most 100 per contact. " +
      "Answers the contact; a change is announced as `contact.updated`.",
    request: { params: PathId, body: jsonBody(AddContactTags) },
    responses: { "200": json(one, "The contact with its tags"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/contacts/{id}/tags/{tag}",
    operationId: "removeContactTag",
    tags,
    summary: "Take a tag off a contact (extension)",
    description:
      "`tag` is the tag's id or its name (URL-encoded). Idempotent: a tag the contact does not carry leaves " +
      "it as it is (200, no event).",
    request: {
      params: PathId.extend({
        tag: z.string().openapi({ param: { name: "tag", in: "path", description: "Tag id or name." } }),
      }),
    },
    responses: { "200": json(one, "The contact without that tag"), ...errorResponses("404") },
  });
}
