import type { AnswerKind } from "@relay/domain";
import { Choice, ListInput, TargetSelect } from "../fields.js";
import type { StepDraft } from "../form.js";
import { ANSWER_KINDS } from "./answer-kinds.js";
import type { StepFormProps, StepKind } from "./kind.js";

type Rule = NonNullable<StepDraft["rules"]>[number];

const MATCH = [
  { id: "keywords", label: "Is one of the keywords" },
  { id: "answer", label: "Reads as an answer of a kind" },
];

function Rules({ step, steps, change, problem }: StepFormProps) {
  const rules = step.rules ?? [];
  const setRule = (index: number, rule: Rule) =>
    change({ rules: rules.map((old, i) => (i === index ? rule : old)) });
  return (
    <fieldset className="rules wide">
      <legend>When the reply…</legend>
      {rules.map((rule, r) => {
        const at = (field: string) => problem(`rules.${r}.${field}`);
        return (
          // Rules have no identity of their own: their place is what the API's `rules.<i>` names.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="rule" key={r}>
            <span className="rule-number">Rule {r + 1}</span>
            <Choice
              label="Match"
              value={rule.answer !== undefined ? "answer" : "keywords"}
              options={MATCH}
              onChange={(mode) =>
                setRule(r, mode === "answer" ? { answer: "yes_no", next: rule.next } : { next: rule.next })
              }
            />
            {rule.answer !== undefined ? (
              <Choice
                label="Answer kind"
                value={rule.answer}
                options={ANSWER_KINDS}
                onChange={(answer) => setRule(r, { ...rule, answer: (answer ?? "text") as AnswerKind })}
                error={at("answer")}
              />
            ) : (
              <ListInput
                label="Keywords"
                value={rule.keywords}
                onChange={(keywords) => {
                  const { keywords: _old, ...rest } = rule;
                  setRule(r, keywords ? { ...rest, keywords } : rest);
                }}
                error={at("keywords")}
              />
            )}
            <TargetSelect
              label="Go to"
              value={rule.next || undefined}
              onChange={(next) => setRule(r, { ...rule, next: next ?? "" })}
              steps={steps}
              self={step.uid}
              error={at("next")}
            />
            <button
              type="button"
              className="link danger"
              onClick={() => change({ rules: rules.filter((_, i) => i !== r) })}
            >
              Remove rule {r + 1}
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => change({ rules: [...rules, { next: "" }] })}>
        Add a rule
      </button>
      {problem("rules") && !rules.length && <span className="field-error">{problem("rules")}</span>}
    </fieldset>
  );
}

export const branchStep: StepKind = {
  type: "branch",
  label: "Branch on the reply",
  blank: () => ({ rules: [{ next: "" }] }),
  fields: ["rules", "any_reply", "otherwise"],
  Form: (props) => (
    <>
      <Rules {...props} />
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
