import { CreateSequence, type StepInput } from "@relay/domain";
import { describe, expect, it } from "vitest";
import { graphProblems, keyedSteps } from "../src/rules/graph.js";

const problems = (steps: StepInput[]) => graphProblems(keyedSteps(steps));
const send = (key: string, extra: Partial<Extract<StepInput, { type: "send" }>> = {}): StepInput => ({
  type: "send",
  key,
  body: `text of ${key}`,
  ...extra,
});
const end = (key: string): StepInput => ({ type: "end", key });
const wait = (key: string, on_reply: string, on_timeout: string): StepInput => ({
  type: "wait_for_reply",
  key,
  timeout: { value: 2, unit: "days" },
  on_reply,
  on_timeout,
});

/** The follow-up example of the issue: ask, wait two days, branch on YES, else nudge. */
const followUp: StepInput[] = [
  send("ask"),
  wait("wait", "check", "nudge"),
  { type: "branch", key: "check", rules: [{ keywords: ["YES"], next: "great" }], otherwise: "done" },
  send("great", { next: "done" }),
  send("nudge", { next: "done" }),
  end("done"),
];

describe("sequence graph validation", () => {
  it("accepts the follow-up example, a send falling through to the next step, and a loop through a wait", () => {
    expect(problems(followUp)).toEqual([]);
    expect(problems([send("a"), send("b")])).toEqual([]);
    expect(problems([send("a"), wait("w", "a", "done"), end("done")])).toEqual([]);
  });

  it("names a target that is no step, in every kind of field", () => {
    expect(problems([send("a", { next: "zz" })])).toEqual([
      { field: "steps.0.next", message: 'names no step: "zz"' },
    ]);
    expect(problems([wait("w", "x", "y")]).map((p) => p.field)).toEqual([
      "steps.0.on_reply",
      "steps.0.on_timeout",
    ]);
    const branch: StepInput = {
      type: "branch",
      key: "b",
      rules: [{ keywords: ["YES"], next: "nope" }],
      any_reply: "gone",
      otherwise: "missing",
    };
    expect(problems([branch]).map((p) => p.field)).toEqual([
      "steps.0.rules.0.next",
      "steps.0.any_reply",
      "steps.0.otherwise",
    ]);
  });

  it("names a duplicate key", () => {
    expect(problems([send("a"), end("a")])).toEqual([
      { field: "steps.1.key", message: '"a" is the key of steps.0 already' },
    ]);
  });

  it("names each step the first cannot reach", () => {
    expect(problems([send("a", { next: "c" }), send("b"), end("c"), end("d")])).toEqual([
      { field: "steps.1", message: "is not reachable from the first step" },
      { field: "steps.3", message: "is not reachable from the first step" },
    ]);
  });

  it("refuses a cycle with no wait_for_reply in it, naming the edge that closes it", () => {
    expect(problems([send("a"), send("b", { next: "a" })])).toEqual([
      { field: "steps.1.next", message: 'makes a cycle back to "a" with no wait_for_reply or collect in it' },
    ]);
    expect(problems([send("a", { next: "a" })])[0]?.field).toBe("steps.0.next");
    const viaBranch: StepInput[] = [
      send("a"),
      wait("w", "b", "done"),
      { type: "branch", key: "b", rules: [{ keywords: ["MORE"], next: "c" }], otherwise: "done" },
      send("c", { next: "b" }),
      end("done"),
    ];
    expect(problems(viaBranch)).toEqual([
      { field: "steps.3.next", message: 'makes a cycle back to "b" with no wait_for_reply or collect in it' },
    ]);
  });

  it("keeps a step's id across versions by key, and gives new keys new ids", () => {
    const first = keyedSteps(followUp);
    const second = keyedSteps([...followUp.slice(0, 5), end("finish"), end("done")], first);
    expect(second[0]?.id).toBe(first[0]?.id);
    expect(second[6]?.id).toBe(first[5]?.id);
    expect(first.map((s) => s.id)).not.toContain(second[5]?.id);
    expect(keyedSteps([{ type: "end" }])[0]?.key).toBe("step_1");
  });

  it("parses the create request's defaults and refuses unknown step types", () => {
    const parsed = CreateSequence.parse({ title: "t", steps: followUp });
    expect(parsed.settings).toEqual({
      stop_on_reply: true,
      re_entry: "allow",
      on_takeover: "pause",
      quiet_hours: null,
      triggers: [],
    });
    expect(CreateSequence.safeParse({ title: "t", steps: [{ type: "tag" }] }).success).toBe(false);
  });
});
