import type { DelayUnit } from "@relay/domain";
import { type ReactNode, useEffect, useId, useState } from "react";
import { SelectField } from "../ui/select-field.js";
import type { DraftDuration, StepDraft } from "./form.js";

/** A labelled input with the API's message for it below, announced with the field. */
function Field({
  label,
  error,
  hint,
  className,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  className?: string;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={`field${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(error && { "aria-invalid": true }),
        ...(described && { "aria-describedby": described }),
      })}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function TextInput(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  error?: string | undefined;
  hint?: string;
  multiline?: boolean;
  placeholder?: string;
  onBlur?: () => void;
  className?: string;
  /** `number`: a numeric input (what it reads as is still the text; the caller turns it into a number). */
  type?: "number";
}) {
  const change = (value: string) => props.onChange(value === "" ? undefined : value);
  return (
    <Field label={props.label} error={props.error} hint={props.hint} className={props.className}>
      {(aria) =>
        props.multiline ? (
          <textarea
            {...aria}
            rows={3}
            value={props.value ?? ""}
            placeholder={props.placeholder}
            onChange={(e) => change(e.target.value)}
            onBlur={props.onBlur}
          />
        ) : (
          <input
            {...aria}
            type={props.type ?? "text"}
            value={props.value ?? ""}
            placeholder={props.placeholder}
            onChange={(e) => change(e.target.value)}
            onBlur={props.onBlur}
          />
        )
      }
    </Field>
  );
}

const parseList = (raw: string) =>
  raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** A list typed as text ("YES, Y"): the text is kept as typed, the list is what it reads as. */
export function ListInput(props: {
  label: string;
  value: string[] | undefined;
  onChange: (value: string[] | undefined) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const joined = (props.value ?? []).join(", ");
  const [text, setText] = useState(joined);
  // Only an outside change (another rule's edit, a reload) replaces what is being typed.
  useEffect(() => {
    setText((current) => (parseList(current).join(", ") === joined ? current : joined));
  }, [joined]);
  return (
    <Field label={props.label} error={props.error} hint={props.hint ?? "Separate them with commas"}>
      {(aria) => (
        <input
          {...aria}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const list = parseList(e.target.value);
            props.onChange(list.length > 0 ? list : undefined);
          }}
        />
      )}
    </Field>
  );
}

export interface Option {
  id: string;
  label: string;
}

const NONE = "__none__";

/**
 * The shared `SelectField` with an optional empty choice (`emptyLabel`, read as `undefined`) and
 * a value no option has shown as it is ("… (missing)"), so a 422 about it makes sense.
 */
export function Choice(props: {
  label: string;
  value: string | undefined;
  options: readonly Option[];
  onChange: (value: string | undefined) => void;
  error?: string | undefined;
  emptyLabel?: string;
  className?: string;
}) {
  const options: Option[] = [
    ...(props.emptyLabel !== undefined ? [{ id: NONE, label: props.emptyLabel }] : []),
    ...props.options,
  ];
  // A target whose step was removed: shown, not dropped.
  if (props.value && !options.some((option) => option.id === props.value))
    options.push({ id: props.value, label: `${props.value} (missing)` });
  const selected = props.value ? props.value : props.emptyLabel !== undefined ? NONE : "";
  return (
    <SelectField
      label={props.label}
      className={`choice${props.className ? ` ${props.className}` : ""}`}
      value={selected}
      options={options}
      onChange={(key) => props.onChange(key === NONE || key === "" ? undefined : key)}
      error={props.error}
    />
  );
}

/** Where a step goes: one of the other steps, by key (optional targets may name none). */
export function TargetSelect(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  steps: readonly StepDraft[];
  self: string;
  error?: string | undefined;
  /** The empty choice's words when the target may be left out ("The step after it"). */
  emptyLabel?: string;
}) {
  const options = props.steps
    .filter((step) => step.uid !== props.self && step.key !== "")
    .map((step) => ({ id: step.key, label: step.key }));
  return (
    <Choice
      label={props.label}
      value={props.value}
      options={options}
      onChange={props.onChange}
      error={props.error}
      emptyLabel={props.emptyLabel ?? "Choose a step"}
    />
  );
}

const UNITS: Option[] = [
  { id: "minutes", label: "minutes" },
  { id: "hours", label: "hours" },
  { id: "days", label: "days" },
];

/** A delay or timeout: a number and its unit (no number: no delay). */
export function DurationInput(props: {
  label: string;
  value: DraftDuration | undefined;
  onChange: (value: DraftDuration | undefined) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const unit = props.value?.unit ?? "days";
  return (
    <fieldset className="duration">
      <legend>{props.label}</legend>
      <Field label="Amount" error={props.error} hint={props.hint}>
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={0}
            inputMode="numeric"
            value={props.value?.value ?? ""}
            onChange={(e) => {
              const value = e.target.value === "" ? undefined : Number(e.target.value);
              props.onChange(value === undefined && !props.value ? undefined : { value, unit });
            }}
          />
        )}
      </Field>
      <Choice
        label="Unit"
        value={unit}
        options={UNITS}
        onChange={(next) =>
          props.onChange({ value: props.value?.value, unit: (next ?? "days") as DelayUnit })
        }
      />
    </fieldset>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}
