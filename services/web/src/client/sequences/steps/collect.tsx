import type { AnswerKind } from "@relay/domain";
import { Choice, DurationInput, TargetSelect, TextInput } from "../fields.js";
import { ANSWER_KINDS } from "./answer-kinds.js";
import type { StepKind } from "./kind.js";
import { MESSAGE_FIELDS, MessageFields } from "./message-fields.js";

export const collectStep: StepKind = {
  type: "collect",
  label: "Ask and store the answer",
  blank: () => ({ answer: "text", timeout: { value: 1, unit: "days" } }),
  fields: [...MESSAGE_FIELDS, "answer", "field", "timeout", "retry_body", "next", "on_invalid", "on_timeout"],
  Form: (props) => {
    const { step, steps, change, problem } = props;
    const target = (label: string, field: "next" | "on_invalid" | "on_timeout", emptyLabel: string) => (
      <TargetSelect
        label={label}
        value={step[field]}
        onChange={(value) => change({ [field]: value })}
        steps={steps}
        self={step.uid}
        emptyLabel={emptyLabel}
        error={problem(field)}
      />
    );
    return (
      <>
        <MessageFields {...props} label="Question" />
        <Choice
          label="Answer kind"
          value={step.answer}
          options={ANSWER_KINDS}
          onChange={(answer) => change({ answer: answer as AnswerKind | undefined })}
          error={problem("answer")}
        />
        <TextInput
          label="Store it in"
          value={step.field}
          onChange={(field) => change({ field })}
          error={problem("field")}
          hint="name, email, language or properties.<key>"
        />
        <DurationInput
          label="Wait for the answer up to"
          value={step.timeout}
          onChange={(timeout) => change({ timeout })}
          error={problem("timeout")}
        />
        <TextInput
          label="Ask again with"
          value={step.retry_body}
          onChange={(retry_body) => change({ retry_body })}
          error={problem("retry_body")}
          hint="Empty: the question again"
          multiline
          className="wide"
        />
        {target("Answered, go to", "next", "The step after it")}
        {target("Two bad answers, go to", "on_invalid", "Same as answered")}
        {target("No answer in time, go to", "on_timeout", "Same as answered")}
      </>
    );
  },
};
