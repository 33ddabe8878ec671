import { AppError } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSequence, editSequence } from "../src/services/write-sequence.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

const fieldOf = async (work: Promise<unknown>) => {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).details?.map((d) => d.field);
};

describe("send steps from message templates", () => {
  it("copy the template's text when the sequence is saved, so a later template edit changes no version", async () => {
    const id = h.addTemplate("Hi {{contact.first_name}}, shifts are open");
    const sequence = await createSequence(h.deps, h.organizationId, {
      title: "From a template",
      steps: [
        { type: "send", key: "ask", template_id: id },
        { type: "end", key: "done" },
      ],
      settings: {
        stop_on_reply: true,
        re_entry: "allow",
        on_takeover: "pause",
        quiet_hours: null,
        triggers: [],
      },
    });
    expect(sequence.steps[0]).toMatchObject({
      key: "ask",
      body: "Hi {{contact.first_name}}, shifts are open",
    });

    const edited = await editSequence(h.deps, h.organizationId, sequence.id, {
      steps: [
        { type: "send", key: "ask", body: "Written by hand" },
        { type: "end", key: "done" },
      ],
    });
    expect(edited.steps[0]?.body).toBe("Written by hand");
  });

  it("refuse an unknown or non-SMS template, and a step with both or neither of body and template_id", async () => {
    const email = h.addTemplate("Dear candidate", "email");
    const settings = {
      stop_on_reply: true,
      re_entry: "allow" as const,
      on_takeover: "pause" as const,
      quiet_hours: null,
      triggers: [],
    };
    const end = { type: "end" as const, key: "done" };
    expect(
      await fieldOf(
        createSequence(h.deps, h.organizationId, {
          title: "x",
          steps: [end, { type: "send", template_id: crypto.randomUUID() }],
          settings,
        }),
      ),
    ).toEqual(["steps.1.template_id"]);
    expect(
      await fieldOf(
        createSequence(h.deps, h.organizationId, {
          title: "x",
          steps: [{ type: "send", template_id: email }, end],
          settings,
        }),
      ),
    ).toEqual(["steps.0.template_id"]);
  });
});
