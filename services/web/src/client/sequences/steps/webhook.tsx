import type { SequenceStep } from "@relay/domain";
import { useEffect, useState } from "react";
import { Choice, TargetSelect, TextInput } from "../fields.js";
import type { StepFormProps, StepKind } from "./kind.js";
import { ThenSelect } from "./then-select.js";
import { HeaderRows } from "./webhook-headers.js";
import { WebhookRules } from "./webhook-rules.js";
import { payloadFromText, payloadToText } from "./webhook-values.js";

type Method = NonNullable<SequenceStep["method"]>;

/** Keyed by the domain's methods, so a method added there fails the typecheck until it is offered here. */
const METHOD_LABELS = { POST: "POST", PUT: "PUT", PATCH: "PATCH", GET: "GET" } satisfies Record<
  Method,
  string
>;
const METHODS = Object.keys(METHOD_LABELS).map((id) => ({ id, label: id }));

/** The JSON body as text: what does not parse is said at once, and sent as typed (the API names it too). */
function PayloadInput({ step, change, problem }: StepFormProps) {
  const [text, setText] = useState(() => payloadToText(step.payload));
  const sent = JSON.stringify(step.payload ?? null);
  useEffect(() => {
    setText((current) =>
      JSON.stringify(payloadFromText(current).payload ?? null) === sent
        ? current
        : payloadToText(JSON.parse(sent) ?? undefined),
    );
  }, [sent]);
  const parsed = payloadFromText(text);
  return (
    <TextInput
      label="Payload (JSON)"
      className="wide payload"
      multiline
      value={text}
      placeholder={'{ "phone": "{{ contact.phone }}" }'}
      onChange={(typed) => {
        setText(typed ?? "");
        change({ payload: payloadFromText(typed ?? "").payload });
      }}
      error={parsed.error ?? problem("payload")}
      hint="Strings may use the messages' variables ({{ contact.first_name }}); a GET sends none"
    />
  );
}

export const webhookStep: StepKind = {
  type: "webhook",
  label: "Call a webhook",
  blank: () => ({ method: "POST" }),
  fields: ["url", "method", "headers", "payload", "timeout_ms", "rules", "next", "on_failure"],
  Form: (props) => {
    const { step, steps, change, problem } = props;
    return (
      <>
        <TextInput
          label="URL"
          className="wide"
          value={step.url}
          onChange={(url) => change({ url })}
          error={problem("url")}
          placeholder="https://example.com/hooks/availability"
        />
        <Choice
          label="Method"
          value={step.method ?? "POST"}
          options={METHODS}
          onChange={(method) => change({ method: (method ?? "POST") as Method })}
          error={problem("method")}
        />
        <TextInput
          label="Timeout (ms)"
          type="number"
          value={step.timeout_ms === undefined ? undefined : String(step.timeout_ms)}
          onChange={(ms) => change({ timeout_ms: ms === undefined ? undefined : Number(ms) })}
          error={problem("timeout_ms")}
          hint="Blank: the service's default"
        />
        <HeaderRows {...props} />
        <PayloadInput {...props} />
        <WebhookRules {...props} />
        <ThenSelect
          step={step}
          steps={steps}
          change={change}
          problem={problem}
          label="No rule matched (2xx), go to"
        />
        <TargetSelect
          label="The call failed, go to"
          value={step.on_failure}
          onChange={(on_failure) => change({ on_failure })}
          steps={steps}
          self={step.uid}
          emptyLabel="Stop the run (failed)"
          error={problem("on_failure")}
        />
      </>
    );
  },
};
