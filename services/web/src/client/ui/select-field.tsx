import {
  Button,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
} from "react-aria-components";
import "./select-field.css";

export interface SelectOption {
  id: string;
  label: string;
}

/**
 * A labelled single choice from react-aria-components (keyboard, typeahead and ARIA handled
 * there), with a hint and a field's error under it (`error` marks it invalid for screen readers).
 */
export function SelectField({
  label,
  options,
  value,
  onChange,
  placeholder,
  hint,
  error,
  isDisabled,
  className,
}: {
  label: string;
  options: SelectOption[];
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  hint?: string;
  error?: string | undefined;
  isDisabled?: boolean;
  /** Extra classes on the field (e.g. a visually hidden label inside a table). */
  className?: string;
}) {
  return (
    <Select
      className={`field select-field${className ? ` ${className}` : ""}`}
      value={value || null}
      onChange={(key) => onChange(key === null ? "" : String(key))}
      isInvalid={Boolean(error)}
      isDisabled={isDisabled ?? false}
      placeholder={placeholder ?? "Choose…"}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="select-popover">
        <ListBox items={options} className="select-list">
          {(option) => (
            <ListBoxItem id={option.id} className="select-option" textValue={option.label}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
