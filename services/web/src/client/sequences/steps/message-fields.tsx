import { useRef } from "react";
import { Button, Menu, MenuItem, MenuTrigger, Popover } from "react-aria-components";
import { Checkbox, DurationInput } from "../fields.js";
import type { StepFormProps } from "./kind.js";

/** Contact fields a text may print (campaigns' template variables); `contact.properties.<key>` works too. */
const VARIABLES = ["first_name", "last_name", "name", "phone", "email", "external_id"];

/** A text to send with its template variables, and when: a send's, a question's. */
export function MessageFields({ step, change, problem, label }: StepFormProps & { label: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const insert = (variable: string) => {
    const text = step.body ?? "";
    const tag = `{{ contact.${variable} }}`;
    const at = ref.current?.selectionStart ?? text.length;
    change({ body: `${text.slice(0, at)}${tag}${text.slice(at)}` });
    ref.current?.focus();
  };
  const error = problem("body") ?? problem("template_id");
  return (
    <>
      <div className="field wide">
        <div className="field-head">
          <label htmlFor={`${step.uid}-body`}>{label}</label>
          <MenuTrigger>
            <Button className="link small">Insert variable</Button>
            <Popover className="select-popover">
              <Menu className="select-list" onAction={(key) => insert(String(key))}>
                {VARIABLES.map((name) => (
                  <MenuItem className="select-item" key={name} id={name}>
                    {`contact.${name}`}
                  </MenuItem>
                ))}
              </Menu>
            </Popover>
          </MenuTrigger>
        </div>
        <textarea
          id={`${step.uid}-body`}
          ref={ref}
          rows={3}
          value={step.body ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${step.uid}-body-hint${error ? ` ${step.uid}-body-error` : ""}`}
          onChange={(e) => change({ body: e.target.value === "" ? undefined : e.target.value })}
        />
        <span className="hint" id={`${step.uid}-body-hint`}>
          {"Variables render for each contact when sent: {{ contact.first_name | default: 'there' }}"}
        </span>
        {error && (
          <span className="field-error" id={`${step.uid}-body-error`}>
            {error}
          </span>
        )}
      </div>
      <DurationInput
        label="Delay before sending"
        value={step.delay}
        onChange={(delay) => change({ delay })}
        error={problem("delay")}
        hint="Empty: at once"
      />
      <Checkbox
        label="Only during business hours"
        checked={step.business_hours === true}
        onChange={(checked) => change({ business_hours: checked || undefined })}
      />
    </>
  );
}

export const MESSAGE_FIELDS = ["body", "template_id", "delay", "business_hours"] as const;
