import {
  AddContactTags,
  ContactListQuery,
  CreateContact,
  NotFoundError,
  SearchContacts,
  UpdateContact,
  UpsertContacts,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { addContactTags, removeContactTag } from "../services/change-contact-tags.js";
import { createContact } from "../services/create-contact.js";
import { deleteContact } from "../services/delete-contact.js";
import { getContact } from "../services/get-contact.js";
import { listContacts } from "../services/list-contacts.js";
import { searchContacts } from "../services/search-contacts.js";
import { updateContact } from "../services/update-contact.js";
import { upsertContacts } from "../services/upsert-contacts.js";

const ContactId = z.uuid();
const notFound = () => new NotFoundError("contact");

/** `/v1/contacts*` (communication preferences belong to the conversations service). */
export function contactRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const query = readQuery(c, ContactListQuery);
    return c.json(await listContacts(deps, c.get("organizationId"), query));
  });

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateContact);
    return c.json(
      { data: await createContact(deps, c.get("organizationId"), input, c.get("idempotency")) },
      201,
    );
  });

  app.post("/search", async (c) => {
    const search = await readJson(c, SearchContacts);
    return c.json(await searchContacts(deps, c.get("organizationId"), search));
  });

  // Processed synchronously; 202 is the contract's status for this route.
  app.put("/upsert", async (c) => {
    const body = await readJson(c, UpsertContacts);
    return c.json({ data: await upsertContacts(deps, c.get("organizationId"), body) }, 202);
  });

  app.get("/:id", async (c) => {
    const id = readId(c, "id", ContactId, notFound);
    return c.json({ data: await getContact(deps, c.get("organizationId"), id) });
  });

  app.put("/:id", async (c) => {
    const id = readId(c, "id", ContactId, notFound);
    const input = await readJson(c, UpdateContact);
    return c.json({ data: await updateContact(deps, c.get("organizationId"), id, input) });
  });

  app.post("/:id/tags", async (c) => {
    const id = readId(c, "id", ContactId, notFound);
    const input = await readJson(c, AddContactTags);
    return c.json({ data: await addContactTags(deps, c.get("organizationId"), id, input) });
  });

  app.delete("/:id/tags/:tag", async (c) => {
    const id = readId(c, "id", ContactId, notFound);
    const tag = readId(c, "tag", z.string().min(1).max(100), () => new NotFoundError("tag"));
    return c.json({ data: await removeContactTag(deps, c.get("organizationId"), id, tag) });
  });

  app.delete("/:id", async (c) => {
    const id = readId(c, "id", ContactId, notFound);
    return c.json({ data: await deleteContact(deps, c.get("organizationId"), id) });
  });

  return app;
}
