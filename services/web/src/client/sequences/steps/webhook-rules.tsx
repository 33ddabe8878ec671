import { useEffect, useState } from "react";
import { TargetSelect, TextInput } from "../fields.js";
import type { StepDraft } from "../form.js";
import type { StepFormProps } from "./kind.js";
import { equalsFromText, equalsToText, statusFromText, statusToText } from "./webhook-values.js";

type Rule = NonNullable<StepDraft["rules"]>[number];

/** The value a rule compares with, kept as typed (`"true"` stays quoted while it is being typed). */
function EqualsInput(props: {
  label: string;
  value: Rule["equals"];
  onChange: (value: Rule["equals"]) => void;
  error?: string | undefined;
}) {
  const [text, setText] = useState(() => equalsToText(props.value));
  useEffect(() => {
    setText((current) => (equalsFromText(current) === props.value ? current : equalsToText(props.value)));
  }, [props.value]);
  return (
    <TextInput
      label={props.label}
      value={text}
      onChange={(typed) => {
        setText(typed ?? "");
        props.onChange(equalsFromText(typed ?? ""));
      }}
      error={props.error}
      hint='true, false, null, a number or text ("true" in quotes is text); blank: any value'
    />
  );
}

/** A webhook's rules on the answer, in order: the first one matched names the next step. */
export function WebhookRules({ step, steps, change, problem }: StepFormProps) {
  const rules = step.rules ?? [];
  const setRule = (index: number, rule: Rule) =>
    change({ rules: rules.map((old, i) => (i === index ? rule : old)) });
  return (
    <fieldset className="rules wide">
      <legend>When the answer…</legend>
      {rules.map((rule, r) => {
        const at = (field: string) => problem(`rules.${r}.${field}`);
        return (
          // Rules have no identity of their own: their place is what the API's `rules.<i>` names.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="rule" key={r}>
            <span className="rule-number">Rule {r + 1}</span>
            <TextInput
              label="Status"
              value={statusToText(rule.status)}
              onChange={(text) => setRule(r, { ...rule, status: statusFromText(text ?? "") })}
              error={at("status")}
              hint="2xx, 4xx… or one status (409)"
            />
            <TextInput
              label="Answer field"
              value={rule.field}
              onChange={(field) => setRule(r, { ...rule, field })}
              error={at("field")}
              hint="A dot path in the JSON answer: data.available"
            />
            <EqualsInput
              label="Equals"
              value={rule.equals}
              onChange={(equals) => setRule(r, { ...rule, equals })}
              error={at("equals")}
            />
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
