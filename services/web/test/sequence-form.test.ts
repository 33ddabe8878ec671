import type { Sequence } from "@relay/domain";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  moveStep,
  newUid,
  problemAt,
  renameKey,
  type StepDraft,
  sequenceFromApi,
  sequenceToBody,
  sortProblems,
  stepToBody,
  uniqueKey,
  unplacedProblems,
} from "../src/client/sequences/form.js";

const TEAM = "4a8f4f8e-3f53-4a55-9b7f-6b8f1c1d2e3f";
const OTHER_SEQUENCE = "0b6f2b7c-1c1e-4f3e-8c9d-2a3b4c5d6e7f";

/** The README's follow-up, plus a step of every other kind and field, as a client creates it. */
const CREATED_STEPS = [
  { key: "ask", type: "send", body: "Are you available next week? Reply YES or NO" },
  {
    key: "wait",
    type: "wait_for_reply",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "nudge",
  },
  {
    key: "check",
    type: "branch",
    rules: [
      { keywords: ["YES", "Y"], next: "shift" },
      { answer: "yes_no", next: "shift" },
    ],
    any_reply: "owner",
    otherwise: "done",
  },
  {
    key: "shift",
    type: "collect",
    body: "Great {{ contact.first_name | default: 'there' }}! Which shift: day or night?",
    delay: { value: 5, unit: "minutes" },
    business_hours: true,
    answer: "text",
    field: "properties.shift",
    timeout: { value: 1, unit: "days" },
    retry_body: "Day or night?",
    next: "thanks",
    on_invalid: "owner",
    on_timeout: "nudge",
  },
  { key: "thanks", type: "send", body: "Thanks, noted!", delay: { value: 2, unit: "hours" }, next: "done" },
  { key: "nudge", type: "send", body: "Still interested in next week? Reply YES" },
  {
    key: "wait2",
    type: "wait_for_reply",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "tag",
  },
  { key: "tag", type: "tag", add: ["unresponsive"], remove: ["interested"], next: "done" },
  { key: "owner", type: "assign", user_id: 7, team_id: TEAM, next: "elsewhere" },
  { key: "elsewhere", type: "move", sequence_id: OTHER_SEQUENCE },
  { key: "done", type: "end" },
];

const SETTINGS = {
  stop_on_reply: false,
  re_entry: "skip_if_active",
  on_takeover: "stop",
  quiet_hours: { start: "08:00", end: "20:00" },
  triggers: [
    { type: "keyword", keywords: ["SHIFTS"] },
    { type: "tag_added", tag_id: TEAM },
    { type: "custom_event", event: "applied" },
  ],
} as const;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** The same sequence as `GET /v1/sequences/{id}` answers it (the API's views: ids, delay in seconds, defaults). */
const READ: Sequence = {
  id: id(100),
  title: "Availability follow-up",
  status: "active",
  version: 3,
  channel_id: id(200),
  from: "+15555550100",
  settings: SETTINGS as unknown as Sequence["settings"],
  created_at: "2026-12-01T10:00:00.000Z",
  updated_at: "2026-12-01T10:00:00.000Z",
  steps: [
    { id: id(1), key: "ask", type: "send", body: "Are you available next week? Reply YES or NO", delay: 0 },
    {
      id: id(2),
      key: "wait",
      type: "wait_for_reply",
      delay: 0,
      timeout: { value: 2, unit: "days" },
      on_reply: "check",
      on_timeout: "nudge",
    },
    {
      id: id(3),
      key: "check",
      type: "branch",
      delay: 0,
      rules: [
        { keywords: ["YES", "Y"], next: "shift" },
        { answer: "yes_no", next: "shift" },
      ],
      any_reply: "owner",
      otherwise: "done",
    },
    {
      id: id(4),
      key: "shift",
      type: "collect",
      body: "Great {{ contact.first_name | default: 'there' }}! Which shift: day or night?",
      delay: 300,
      delay_duration: { value: 5, unit: "minutes" },
      business_hours: true,
      answer: "text",
      field: "properties.shift",
      timeout: { value: 1, unit: "days" },
      retry_body: "Day or night?",
      next: "thanks",
      on_invalid: "owner",
      on_timeout: "nudge",
    },
    {
      id: id(5),
      key: "thanks",
      type: "send",
      body: "Thanks, noted!",
      delay: 7200,
      delay_duration: { value: 2, unit: "hours" },
      next: "done",
    },
    { id: id(6), key: "nudge", type: "send", body: "Still interested in next week? Reply YES", delay: 0 },
    {
      id: id(7),
      key: "wait2",
      type: "wait_for_reply",
      delay: 0,
      timeout: { value: 2, unit: "days" },
      on_reply: "check",
      on_timeout: "tag",
    },
    {
      id: id(8),
      key: "tag",
      type: "tag",
      delay: 0,
      add: ["unresponsive"],
      remove: ["interested"],
      next: "done",
    },
    { id: id(9), key: "owner", type: "assign", delay: 0, user_id: 7, team_id: TEAM, next: "elsewhere" },
    { id: id(10), key: "elsewhere", type: "move", delay: 0, sequence_id: OTHER_SEQUENCE },
    { id: id(11), key: "done", type: "end", delay: 0 },
  ],
};

const draft = (fields: Omit<StepDraft, "uid">): StepDraft => ({ uid: newUid(), ...fields });

describe("a sequence read from the API, opened in the editor", () => {
  it("saves back the steps and settings it was created with", () => {
    const body = sequenceToBody(sequenceFromApi(READ));
    expect(body.steps).toEqual(CREATED_STEPS);
    expect(body.settings).toEqual(SETTINGS);
    expect(body).toMatchObject({ title: "Availability follow-up", channel_id: id(200) });
  });

  it("holds delays as written, not as the contract's seconds", () => {
    const steps = sequenceFromApi(READ).steps;
    expect(steps[4]?.delay).toEqual({ value: 2, unit: "hours" });
    expect(steps[0]?.delay).toBeUndefined();
    expect(steps.every((step) => !("id" in step))).toBe(true);
  });

  it("a tag step read with `remove: []` and a branch without rules save without the empty lists", () => {
    const read: Sequence = {
      ...READ,
      steps: [
        { id: id(1), key: "t", type: "tag", delay: 0, add: ["a"], remove: [] },
        { id: id(2), key: "b", type: "branch", delay: 0, rules: [], otherwise: "t" },
      ],
    };
    expect(sequenceToBody(sequenceFromApi(read)).steps).toEqual([
      { key: "t", type: "tag", add: ["a"] },
      { key: "b", type: "branch", otherwise: "t" },
    ]);
  });

  it("keeps the fields of a step type it has no form for", () => {
    const read = {
      ...READ,
      steps: [{ id: id(1), key: "hook", type: "webhook", delay: 0, url: "https://example.test/h" }],
    } as unknown as Sequence;
    expect(sequenceToBody(sequenceFromApi(read)).steps).toEqual([
      { key: "hook", type: "webhook", url: "https://example.test/h" },
    ]);
  });
});

describe("a form as typed, as the API's body", () => {
  it("leaves out what was left blank, so the API names what it needs", () => {
    expect(stepToBody(draft({ key: "ask", type: "send", body: "" }))).toEqual({ key: "ask", type: "send" });
    // A delay without its number is no delay; a timeout without one is missing (the API says so).
    expect(
      stepToBody(draft({ key: "ask", type: "send", body: "Hi", delay: { value: undefined, unit: "hours" } })),
    ).toEqual({ key: "ask", type: "send", body: "Hi" });
    expect(
      stepToBody(
        draft({ key: "w", type: "wait_for_reply", timeout: { unit: "days" }, on_reply: "a", on_timeout: "" }),
      ),
    ).toEqual({ key: "w", type: "wait_for_reply", on_reply: "a" });
  });

  it("keeps a blank rule in its place, so `rules.<i>` still names the rule on screen", () => {
    const body = stepToBody(
      draft({
        key: "b",
        type: "branch",
        rules: [{ next: "" }, { keywords: ["YES"], next: "x" }],
        otherwise: "x",
      }),
    );
    expect(body.rules).toEqual([{}, { keywords: ["YES"], next: "x" }]);
  });

  it("a delay of 0 is sent (the number was given)", () => {
    expect(
      stepToBody(draft({ key: "a", type: "send", body: "Hi", delay: { value: 0, unit: "minutes" } })),
    ).toEqual({ key: "a", type: "send", body: "Hi", delay: { value: 0, unit: "minutes" } });
  });

  it("a new sequence without a name or a line leaves both to the API", () => {
    const body = sequenceToBody({
      title: "",
      channel_id: "",
      steps: [draft({ key: "e", type: "end" })],
      settings: DEFAULT_SETTINGS,
    });
    expect(body).toEqual({
      steps: [{ key: "e", type: "end" }],
      settings: {
        stop_on_reply: true,
        re_entry: "allow",
        on_takeover: "pause",
        quiet_hours: null,
        triggers: [],
      },
    });
  });
});

describe("editing steps", () => {
  const steps = sequenceFromApi(READ).steps;

  it("renaming a key retargets every step that named it, rules included", () => {
    const renamed = renameKey(steps, "shift", "which_shift");
    const body = renamed.map(stepToBody);
    expect(body[3]?.key).toBe("which_shift");
    expect(body[2]?.rules).toEqual([
      { keywords: ["YES", "Y"], next: "which_shift" },
      { answer: "yes_no", next: "which_shift" },
    ]);
    const untouched = JSON.stringify(body).replaceAll("which_shift", "shift");
    expect(untouched).toBe(JSON.stringify(steps.map(stepToBody)));
  });

  it("offers the first key of a type not taken", () => {
    expect(uniqueKey([{ key: "send_1" }, { key: "send_2" }], "send")).toBe("send_3");
    expect(uniqueKey([{ key: "send_1" }], "wait_for_reply")).toBe("wait_1");
  });

  it("moves a step up and down, and not past either end", () => {
    expect(moveStep(["a", "b", "c"], 2, 1)).toEqual(["a", "c", "b"]);
    expect(moveStep(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveStep(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
  });
});

describe("the API's 422, on its steps", () => {
  const details = [
    { field: "steps.1.on_timeout", message: 'names no step: "nowhere"' },
    { field: "steps.3", message: "is not reachable from the first step" },
    { field: "steps.2.rules.0.next", message: "Required" },
    { field: "title", message: "Required" },
    { field: "steps.9.body", message: "no such step on screen" },
  ];

  it("finds each step's problems by the step, not its place at the time of the save", () => {
    const uids = ["a", "b", "c", "d"];
    const problems = sortProblems(details, uids);
    expect(problems.steps.get("b")).toEqual([{ field: "on_timeout", message: 'names no step: "nowhere"' }]);
    expect(problems.steps.get("d")).toEqual([{ field: "", message: "is not reachable from the first step" }]);
    expect(problems.steps.get("c")).toEqual([{ field: "rules.0.next", message: "Required" }]);
    expect(problems.other.map((p) => p.field)).toEqual(["title", "steps.9.body"]);
  });

  it("a field shows its own message and those below it; the rest go on the card", () => {
    const list = [
      { field: "", message: "is not reachable from the first step" },
      { field: "delay.value", message: "Too big" },
      { field: "rules.1.keywords", message: "give keywords or answer, one of them" },
    ];
    expect(problemAt(list, "delay")).toBe("Too big");
    expect(problemAt(list, "rules.1.keywords")).toBe("give keywords or answer, one of them");
    expect(problemAt(list, "rules.0.next")).toBeUndefined();
    expect(unplacedProblems(list, ["key", "delay", "rules"])).toEqual([list[0]]);
  });
});
