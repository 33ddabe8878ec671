import type { StepKind } from "./kind.js";
import { MESSAGE_FIELDS, MessageFields } from "./message-fields.js";
import { ThenSelect } from "./then-select.js";

export const sendStep: StepKind = {
  type: "send",
  label: "Send a message",
  blank: () => ({}),
  fields: [...MESSAGE_FIELDS, "next"],
  Form: (props) => (
    <>
      <MessageFields {...props} label="Message" />
      <ThenSelect {...props} />
    </>
  ),
};
