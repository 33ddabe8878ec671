import { MAX_UPSERT_CONTACTS } from "@relay/domain";
import { describe, expect, it } from "vitest";
import {
  chooseTarget,
  guessColumn,
  guessMapping,
  hasKeyColumn,
  propertyKey,
  rowToContact,
  splitTags,
} from "../src/client/contacts/import-mapping.js";
import {
  csvRowNumber,
  problemsFromError,
  problemsFromOutcomes,
} from "../src/client/contacts/import-outcomes.js";
import { runImport } from "../src/client/contacts/import-run.js";
import type { UpsertResult } from "../src/client/contacts/types.js";

describe("guessing a column's target from its header", () => {
  it("knows the usual names of the fields, whatever their case and punctuation", () => {
    expect(guessColumn("Full Name")).toBe("name");
    expect(guessColumn("Mobile Phone")).toBe("phone");
    expect(guessColumn("phone_number")).toBe("phone");
    expect(guessColumn("E-mail")).toBe("email");
    expect(guessColumn("Email Address")).toBe("email");
    expect(guessColumn("External ID")).toBe("external_id");
    expect(guessColumn("Lang")).toBe("language");
    expect(guessColumn("Tags")).toBe("tags");
  });

  it("makes any other header a property named after it, and ignores a blank one", () => {
    expect(guessColumn("Shift Preference")).toBe("properties.shift_preference");
    expect(guessColumn("  Ville d'été ")).toBe("properties.ville_d_été");
    expect(guessColumn("   ")).toBe("ignore");
    expect(propertyKey("!!!")).toBe("column");
  });

  it("gives each field to the first column that claims it", () => {
    expect(guessMapping(["Phone", "Name", "Mobile", "Notes"])).toEqual([
      "phone",
      "name",
      "ignore",
      "properties.notes",
    ]);
  });
});

describe("changing a column's target", () => {
  it("moves a field from the column that had it, but lets properties and ignore repeat", () => {
    expect(chooseTarget(["phone", "name", "ignore"], 2, "phone")).toEqual(["ignore", "name", "phone"]);
    expect(chooseTarget(["properties.a", "ignore"], 1, "properties.a")).toEqual([
      "properties.a",
      "properties.a",
    ]);
    expect(chooseTarget(["ignore", "name"], 1, "ignore")).toEqual(["ignore", "ignore"]);
  });

  it("needs a column the API can key a row on", () => {
    expect(hasKeyColumn(["name", "tags"])).toBe(false);
    expect(hasKeyColumn(["name", "external_id"])).toBe(true);
  });
});

describe("a CSV row as an upsert row", () => {
  const mapping = guessMapping(["name", "phone", "email", "tags", "shift", "unused"]);
  mapping[5] = "ignore";

  it("maps fields, splits tags and gathers properties", () => {
    expect(
      rowToContact(["Ana", "+14155550100", "ana@x.test", "night, forklift;night|", "late", "x"], mapping),
    ).toEqual({
      name: "Ana",
      phone: "+14155550100",
      email: "ana@x.test",
      tags: ["night", "forklift"],
      properties: { shift: "late" },
    });
  });

  it("leaves empty cells (and missing trailing cells) out, so they change nothing", () => {
    expect(rowToContact(["  ", "+14155550100", "", " , ;"], mapping)).toEqual({ phone: "+14155550100" });
  });

  it("trims cells and drops repeated tags", () => {
    expect(splitTags(" a ,a; b ")).toEqual(["a", "b"]);
    expect(rowToContact([" Bo ", " 555 "], mapping)).toEqual({ name: "Bo", phone: "555" });
  });
});

describe("an outcome as the CSV's row", () => {
  const headers = ["Name", "Mobile", "Shift"];
  const mapping = guessMapping(headers);

  it("counts the header as row 1", () => {
    expect(csvRowNumber(0)).toBe(2);
  });

  it("names the row by its place in the file, the field and the column", () => {
    const problems = problemsFromOutcomes(
      [
        { index: 0, status: "created", id: "c1" },
        {
          index: 2,
          status: "invalid",
          error: "contacts.2.phone: is not a phone number",
          details: [{ field: "contacts.2.phone", message: "is not a phone number" }],
        },
        { index: 3, status: "conflict", error: "two contacts match" },
      ],
      { start: 500, mapping, headers },
    );
    expect(problems).toEqual([
      { row: 504, status: "invalid", field: "phone", column: "Mobile", message: "is not a phone number" },
      { row: 505, status: "conflict", message: "two contacts match" },
    ]);
  });

  it("finds a property's column from a field below it", () => {
    const [problem] = problemsFromOutcomes(
      [
        {
          index: 0,
          status: "invalid",
          details: [{ field: "contacts.0.properties.shift", message: "too long" }],
        },
      ],
      { start: 0, mapping, headers },
    );
    expect(problem).toMatchObject({ row: 2, field: "properties.shift", column: "Shift" });
  });

  it("points a whole request's 422 at its rows, and fails every row of a chunk otherwise", () => {
    const ctx = { start: 10, mapping, headers };
    const named = problemsFromError(
      {
        status: 422,
        message: "bad",
        details: [{ field: "contacts.1.email", message: "must be a valid email address" }],
      },
      3,
      ctx,
    );
    expect(named).toEqual([
      { row: 13, status: "invalid", field: "email", message: "must be a valid email address" },
    ]);
    const failed = problemsFromError({ status: 503, message: "unavailable" }, 2, ctx);
    expect(failed.map((p) => [p.row, p.status, p.message])).toEqual([
      [12, "failed", "unavailable"],
      [13, "failed", "unavailable"],
    ]);
  });
});

describe("sending an import in chunks", () => {
  const answer = (contacts: unknown[]): UpsertResult => ({
    message: "",
    results: contacts.map((_, index) => ({ index, status: "created" })),
    created: contacts.length,
    updated: 0,
    unchanged: 0,
    conflicts: 0,
    invalid: 0,
  });

  it("sends the rows in order, a chunk at a time, and reports progress after each", async () => {
    const rows = Array.from({ length: 7 }, (_, i) => [`+1415555010${i}`]);
    const calls: unknown[][] = [];
    const seen: number[] = [];
    const done = await runImport({
      rows,
      headers: ["phone"],
      mapping: ["phone"],
      chunkSize: 3,
      send: async (contacts) => {
        calls.push(contacts);
        if (calls.length === 2) throw { status: 500, message: "boom" };
        return answer(contacts);
      },
      onProgress: (progress) => seen.push(progress.sent),
    });
    expect(calls.map((chunk) => chunk.length)).toEqual([3, 3, 1]);
    expect(calls[2]).toEqual([{ phone: "+14155550106" }]);
    expect(seen).toEqual([3, 6, 7]);
    expect(done.created).toBe(4);
    expect(done.problems.map((p) => p.row)).toEqual([5, 6, 7]);
  });

  it("sends as many rows a call as the API takes, no more", async () => {
    const sizes: number[] = [];
    await runImport({
      rows: Array.from({ length: MAX_UPSERT_CONTACTS * 2 + 500 }, (_, i) => [String(i)]),
      headers: ["external id"],
      mapping: ["external_id"],
      send: async (contacts) => {
        sizes.push(contacts.length);
        return answer(contacts);
      },
      onProgress: () => undefined,
    });
    expect(sizes).toEqual([MAX_UPSERT_CONTACTS, MAX_UPSERT_CONTACTS, 500]);
  });

  it("stops at a 401: the later chunks would be refused too", async () => {
    let calls = 0;
    const done = await runImport({
      rows: [["a"], ["b"], ["c"]],
      headers: ["phone"],
      mapping: ["phone"],
      chunkSize: 1,
      send: async () => {
        calls++;
        throw { status: 401, message: "signed out" };
      },
      onProgress: () => undefined,
    });
    expect(calls).toBe(1);
    expect(done.sent).toBe(1);
    expect(done.problems).toEqual([{ row: 2, status: "failed", message: "signed out" }]);
  });
});
