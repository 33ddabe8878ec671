import { describe, expect, it } from "vitest";
import { newUid, renameKey, type StepDraft, stepToBody } from "../src/client/sequences/form.js";
import {
  equalsFromText,
  equalsToText,
  headersToRows,
  payloadFromText,
  payloadToText,
  rowsToHeaders,
  statusFromText,
} from "../src/client/sequences/steps/webhook-values.js";

const webhook = (fields: Partial<StepDraft>): StepDraft => ({
  uid: newUid(),
  key: "check",
  type: "webhook",
  ...fields,
});

describe("a webhook step's body", () => {
  it("sends the payload and headers as written: empty strings in them are values, not blank inputs", () => {
    const body = stepToBody(
      webhook({
        url: "https://hooks.test/a",
        method: "POST",
        headers: { "X-Trace": "" },
        payload: { note: "", tags: ["", "a"], nested: { empty: "" } },
        rules: [{ status: 409, next: "taken" }],
      }),
    );
    expect(body).toEqual({
      key: "check",
      type: "webhook",
      url: "https://hooks.test/a",
      method: "POST",
      headers: { "X-Trace": "" },
      payload: { note: "", tags: ["", "a"], nested: { empty: "" } },
      rules: [{ status: 409, next: "taken" }],
    });
  });

  it("leaves out headers with no row and a blank payload, so the API's defaults apply", () => {
    expect(stepToBody(webhook({ url: "https://hooks.test/a", headers: {}, payload: undefined }))).toEqual({
      key: "check",
      type: "webhook",
      url: "https://hooks.test/a",
    });
  });

  it("a rename retargets on_failure and the rules' next", () => {
    const steps = [
      webhook({ next: "done", on_failure: "oops", rules: [{ status: "4xx", next: "oops" }] }),
      { uid: newUid(), key: "oops", type: "end" } as StepDraft,
    ];
    const [renamed] = renameKey(steps, "oops", "failed");
    expect(renamed).toMatchObject({
      next: "done",
      on_failure: "failed",
      rules: [{ status: "4xx", next: "failed" }],
    });
  });
});

describe("the payload as text", () => {
  it("reads a JSON object, and says what is wrong with anything else while sending it as typed", () => {
    expect(payloadFromText('{"a": 1}')).toEqual({ payload: { a: 1 } });
    expect(payloadFromText("  ")).toEqual({ payload: undefined });
    const broken = payloadFromText('{"a": ');
    expect(broken.payload).toBe('{"a": ');
    expect(broken.error).toMatch(/^Not JSON: /);
    expect(payloadFromText("[1]")).toEqual({
      payload: "[1]",
      error: "The payload must be a JSON object ({ … })",
    });
  });

  it("a payload read from the API reads back as itself", () => {
    const payload = { phone: "{{ contact.phone }}", n: [1, { b: null }] };
    expect(payloadFromText(payloadToText(payload)).payload).toEqual(payload);
  });
});

describe("headers as rows", () => {
  it("rows without a name are not sent; names are trimmed; values kept as typed", () => {
    const rows = [
      { name: " X-Api-Key ", value: "k 1" },
      { name: "", value: "lost" },
    ];
    expect(rowsToHeaders(rows)).toEqual({ "X-Api-Key": "k 1" });
    expect(rowsToHeaders([{ name: "", value: "" }])).toBeUndefined();
    expect(headersToRows({ A: "1", B: "" })).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "" },
    ]);
  });
});

describe("a rule's status and value", () => {
  it("a status is a number when it is one, else the class as typed", () => {
    expect(statusFromText("409")).toBe(409);
    expect(statusFromText(" 2xx ")).toBe("2xx");
    expect(statusFromText("")).toBeUndefined();
  });

  it("true, false, null and numbers read as themselves; quotes keep them text", () => {
    expect(equalsFromText("true")).toBe(true);
    expect(equalsFromText("null")).toBeNull();
    expect(equalsFromText("12")).toBe(12);
    expect(equalsFromText("yes")).toBe("yes");
    expect(equalsFromText('"true"')).toBe("true");
    expect(equalsFromText("")).toBeUndefined();
  });

  it("every value reads back from its text", () => {
    for (const value of [true, false, null, 0, 12.5, "yes", "true", "12", "", 'say "hi"'])
      expect(equalsFromText(equalsToText(value))).toEqual(value);
    expect(equalsToText("yes")).toBe("yes");
    expect(equalsToText("true")).toBe('"true"');
  });
});
