import { describe, expect, it } from "vitest";
import { changedFields, formOf, holderOf, newContactBody } from "../src/client/contacts/contact-changes.js";
import { guessSearchField, searchBody } from "../src/client/contacts/contact-search.js";
import type { ContactRecord } from "../src/client/contacts/types.js";

const contact: ContactRecord = {
  id: "7d4a3c1e-0000-4000-8000-000000000001",
  name: "Ana",
  phone: "+14155550100",
  properties: {},
  tags: [],
  state: "open",
  blocked: false,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
};

describe("the detail form's update body", () => {
  it("sends only what changed, and an emptied field as null (cleared)", () => {
    const form = { ...formOf(contact), name: " Ana Ruiz ", phone: "", email: "ana@x.test" };
    expect(changedFields(contact, form)).toEqual({ name: "Ana Ruiz", phone: null, email: "ana@x.test" });
    expect(changedFields(contact, formOf(contact))).toEqual({});
  });

  it("leaves blank fields out of a new contact", () => {
    expect(newContactBody({ ...formOf(undefined), name: "Bo", email: " bo@x.test " })).toEqual({
      name: "Bo",
      email: "bo@x.test",
    });
  });

  it("finds the contact a duplicate belongs to", () => {
    expect(holderOf(`already belongs to contact ${contact.id}`)).toBe(contact.id);
    expect(holderOf("must be a valid email address")).toBeUndefined();
  });
});

describe("the list's search", () => {
  it("guesses the field from the text", () => {
    expect(guessSearchField("ana@x.test")).toBe("email");
    expect(guessSearchField("(415) 555-0100")).toBe("phone");
    expect(guessSearchField("12")).toBe("name");
    expect(guessSearchField("Ana")).toBe("name");
  });

  it("uses the chosen field over the guess", () => {
    expect(searchBody(" 4412 ", "external_id", 50, 100)).toEqual({
      external_id: "4412",
      limit: 50,
      offset: 100,
    });
    expect(searchBody("Ana", undefined, 50, 0)).toEqual({ name: "Ana", limit: 50, offset: 0 });
  });
});
