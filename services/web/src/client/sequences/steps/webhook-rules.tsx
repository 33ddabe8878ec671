import { useEffect, useState } from "react";
import { TextInput } from "../fields.js";
import type { StepFormProps } from "./kind.js";
import { type Rule, type RuleFieldsProps, RuleList } from "./rule-list.js";
import { equalsFromText, equalsToText, statusFromText, statusToText } from "./webhook-values.js";

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

/** A webhook rule's own fields: the answer's status, a field of its JSON and the value it equals. */
function AnswerFields({ rule, setRule, at }: RuleFieldsProps) {
  return (
    <>
      <TextInput
        label="Status"
        value={statusToText(rule.status)}
        onChange={(text) => setRule({ ...rule, status: statusFromText(text ?? "") })}
        error={at("status")}
        hint="2xx, 4xx… or one status (409)"
      />
      <TextInput
        label="Answer field"
        value={rule.field}
        onChange={(field) => setRule({ ...rule, field })}
        error={at("field")}
        hint="A dot path in the JSON answer: data.available"
      />
      <EqualsInput
        label="Equals"
        value={rule.equals}
        onChange={(equals) => setRule({ ...rule, equals })}
        error={at("equals")}
      />
    </>
  );
}

/** A webhook's rules on the answer, in order: the first one matched names the next step. */
export function WebhookRules(props: StepFormProps) {
  return <RuleList {...props} legend="When the answer…" Fields={AnswerFields} />;
}
