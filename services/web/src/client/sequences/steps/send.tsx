import { TargetSelect } from "../fields.js";
import type { StepKind } from "./kind.js";
import { MESSAGE_FIELDS, MessageFields } from "./message-fields.js";

export const sendStep: StepKind = {
  type: "send",
  label: "Send a message",
  blank: () => ({}),
  fields: [...MESSAGE_FIELDS, "next"],
  Form: (props) => (
    <>
      <MessageFields {...props} label="Message" />
      <TargetSelect
        label="Then"
        value={props.step.next}
        onChange={(next) => props.change({ next })}
        steps={props.steps}
        self={props.step.uid}
        emptyLabel="The step after it"
        error={props.problem("next")}
      />
    </>
  ),
};
