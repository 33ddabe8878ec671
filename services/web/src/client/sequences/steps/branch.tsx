import type { AnswerKind } from "@relay/domain";
import { Choice, ListInput, TargetSelect } from "../fields.js";
import { ANSWER_KINDS } from "./answer-kinds.js";
import type { StepKind } from "./kind.js";
import { type RuleFieldsProps, RuleList } from "./rule-list.js";

const MATCH = [
  { id: "keywords", label: "Is one of the keywords" },
  { id: "answer", label: "Reads as an answer of a kind" },
];

/** A branch rule's own fields: keywords, or an answer of a kind. */
function ReplyFields({ rule, setRule, at }: RuleFieldsProps) {
  return (
    <>
      <Choice
        label="Match"
        value={rule.answer !== undefined ? "answer" : "keywords"}
        options={MATCH}
        onChange={(mode) =>
          setRule(mode === "answer" ? { answer: "yes_no", next: rule.next } : { next: rule.next })
        }
      />
      {rule.answer !== undefined ? (
        <Choice
          label="Answer kind"
          value={rule.answer}
          options={ANSWER_KINDS}
          onChange={(answer) => setRule({ ...rule, answer: (answer ?? "text") as AnswerKind })}
          error={at("answer")}
        />
      ) : (
        <ListInput
          label="Keywords"
          value={rule.keywords}
          onChange={(keywords) => {
            const { keywords: _old, ...rest } = rule;
            setRule(keywords ? { ...rest, keywords } : rest);
          }}
          error={at("keywords")}
        />
      )}
    </>
  );
}

export const branchStep: StepKind = {
  type: "branch",
  label: "Branch on the reply",
  blank: () => ({ rules: [{ next: "" }] }),
  fields: ["rules", "any_reply", "otherwise"],
  Form: (props) => (
    <>
      <RuleList {...props} legend="When the reply…" Fields={ReplyFields} />
      <TargetSelect
        label="Any other reply, go to"
        value={props.step.any_reply}
        onChange={(any_reply) => props.change({ any_reply })}
        steps={props.steps}
        self={props.step.uid}
        emptyLabel="Not used (otherwise)"
        error={props.problem("any_reply")}
      />
      <TargetSelect
        label="Otherwise, go to"
        value={props.step.otherwise}
        onChange={(otherwise) => props.change({ otherwise })}
        steps={props.steps}
        self={props.step.uid}
        error={props.problem("otherwise")}
      />
    </>
  ),
};
