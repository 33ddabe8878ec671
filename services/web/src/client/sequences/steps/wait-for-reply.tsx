import { DurationInput, TargetSelect } from "../fields.js";
import type { StepKind } from "./kind.js";

export const waitForReplyStep: StepKind = {
  type: "wait_for_reply",
  label: "Wait for a reply",
  blank: () => ({ timeout: { value: 2, unit: "days" } }),
  fields: ["timeout", "on_reply", "on_timeout"],
  Form: ({ step, steps, change, problem }) => (
    <>
      <DurationInput
        label="Wait up to"
        value={step.timeout}
        onChange={(timeout) => change({ timeout })}
        error={problem("timeout")}
      />
      <TargetSelect
        label="On a reply, go to"
        value={step.on_reply}
        onChange={(on_reply) => change({ on_reply })}
        steps={steps}
        self={step.uid}
        error={problem("on_reply")}
      />
      <TargetSelect
        label="No reply in time, go to"
        value={step.on_timeout}
        onChange={(on_timeout) => change({ on_timeout })}
        steps={steps}
        self={step.uid}
        error={problem("on_timeout")}
      />
    </>
  ),
};
