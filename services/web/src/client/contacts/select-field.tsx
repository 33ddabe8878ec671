import { SelectField as Select } from "../ui/select-field.js";

export interface Choice<T extends string> {
  id: T;
  label: string;
}

/** The shared `SelectField`, typed by the choices' ids. */
export function SelectField<T extends string>(props: {
  label: string;
  choices: Array<Choice<T>>;
  value: T;
  onChange: (value: T) => void;
  className?: string;
}) {
  return (
    <Select
      label={props.label}
      options={props.choices}
      value={props.value}
      onChange={(value) => props.onChange(value as T)}
      {...(props.className && { className: props.className })}
    />
  );
}
