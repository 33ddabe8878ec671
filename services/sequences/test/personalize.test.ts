import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { createSequence } from "../src/services/write-sequence.js";
import { flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
let f: ReturnType<typeof flowsOf>;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
});
afterAll(() => h?.close());

describe("personalized step texts", () => {
  it("renders campaigns' variables for each contact, and records what was sent", async () => {
    const sequence = await f.activeSequence([
      { type: "send", body: "Hi {{ contact.first_name | default: 'there' }}, shifts are open" },
    ]);
    const named = f.newPhone();
    const unnamed = f.newPhone();
    await enrollContacts(h.deps, h.organizationId, sequence.id, {
      to: [{ phone: named, name: "Ana Lima" }, { phone: unnamed }],
    });
    await f.drain();
    expect(f.sentTo(h.contactOf(named))).toEqual(["Hi Ana, shifts are open"]);
    expect(f.sentTo(h.contactOf(unnamed))).toEqual(["Hi there, shifts are open"]);
    const run = await f.runOf(sequence.id, h.contactOf(named));
    const [step] = await h.database.db
      .selectFrom("run_steps")
      .select("body")
      .where("run_id", "=", run.id)
      .execute();
    expect(step?.body).toBe("Hi Ana, shifts are open");
  });

  it("refuses a text campaigns would not render, naming the step's field", async () => {
    const refused = await createSequence(h.deps, h.organizationId, {
      title: "Bad",
      steps: [
        {
          type: "collect",
          body: "Which shift?",
          retry_body: "{{ contact.ssn }}",
          answer: "text",
          field: "properties.shift",
          timeout: { value: 1, unit: "days" },
        },
      ],
      settings: {
        stop_on_reply: true,
        re_entry: "allow",
        on_takeover: "pause",
        quiet_hours: null,
        triggers: [],
      },
    }).then(
      () => undefined,
      (error: { details?: Array<{ field: string }> }) => error,
    );
    expect(refused?.details?.[0]?.field).toBe("steps.0.retry_body");
  });
});
