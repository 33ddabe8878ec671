import { describe, expect, it } from "vitest";
import { contractErrors, schemaErrors } from "../src/contract.js";

describe("contract validation", () => {
  it("accepts a body the contract allows", () => {
    const body = { data: [{ id: crypto.randomUUID(), phone: "+14155552671", name: "Jane" }], total: 1 };
    expect(contractErrors("GET", "/contacts", 200, body)).toEqual([]);
  });

  it("names what is wrong with a body the contract refuses", () => {
    const body = { data: [{ id: "not-a-uuid", phone: 5 }], total: "one" };
    const errors = contractErrors("GET", "/contacts", 200, body);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/data/0/id must match format "uuid"',
        "/data/0/phone must be string",
        "/total must be integer",
      ]),
    );
  });

  it("follows shared responses such as the 401 error body", () => {
    expect(contractErrors("GET", "/contacts", 401, { error: "no key", status: 401 })).toEqual([]);
    expect(contractErrors("GET", "/contacts", 401, { error: 401 })).toEqual(["/error must be string"]);
  });

  it("validates against a named component schema", () => {
    expect(schemaErrors("User", { id: 1, name: "A", email: "a@example.com" })).toEqual([]);
    expect(schemaErrors("User", { id: "1" })).toEqual(["/id must be integer"]);
  });

  it("refuses to validate what the contract does not define", () => {
    expect(() => contractErrors("GET", "/nowhere", 200, {})).toThrow(/no operation/);
    expect(() => contractErrors("DELETE", "/contacts/{id}", 200, {})).toThrow(/no JSON body/);
  });
});
