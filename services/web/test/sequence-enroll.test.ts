import { describe, expect, it } from "vitest";
import { enrollRows, parsePhones, rowProblems } from "../src/client/sequences/enroll.js";

describe("enrolling contacts", () => {
  it("reads pasted numbers one a line or separated, each once", () => {
    expect(parsePhones("+15555550123\n +15555550124 ,+15555550125;\t+15555550123\n\n")).toEqual([
      "+15555550123",
      "+15555550124",
      "+15555550125",
    ]);
    expect(parsePhones("  \n ")).toEqual([]);
  });

  it("rows: picked contacts by phone (else email, else external id), then the pasted numbers", () => {
    const rows = enrollRows(
      [
        { id: "1", name: "Pat Doe", phone: "+15555550123" },
        { id: "2", email: "sam@example.test" },
        { id: "3", name: "Nobody reachable" },
      ],
      ["+15555550199"],
    );
    expect(rows.to).toEqual([
      { phone: "+15555550123" },
      { email: "sam@example.test" },
      { phone: "+15555550199" },
    ]);
    expect(rows.sources).toEqual(["Pat Doe", "sam@example.test", "+15555550199"]);
  });

  it("puts a 422 on a row in the words of where the row came from", () => {
    expect(
      rowProblems(
        [
          { field: "to.1.phone", message: "must be a possible phone number" },
          { field: "sequence", message: "is not active" },
        ],
        ["Pat Doe", "12"],
      ),
    ).toEqual(["12: must be a possible phone number", "sequence: is not active"]);
  });
});
