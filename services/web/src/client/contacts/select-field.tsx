import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from "react-aria-components";

export interface Choice<T extends string> {
  id: T;
  label: string;
}

/** A labelled single choice from react-aria-components (keyboard, typeahead and ARIA handled there). */
export function SelectField<T extends string>({
  label,
  choices,
  value,
  onChange,
  className,
}: {
  label: string;
  choices: Array<Choice<T>>;
  value: T;
  onChange: (value: T) => void;
  className?: string;
}) {
  return (
    <Select
      className={`select-field ${className ?? ""}`}
      value={value}
      onChange={(key) => key !== null && onChange(String(key) as T)}
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="select-list" items={choices}>
          {(choice) => (
            <ListBoxItem className="select-item" id={choice.id} textValue={choice.label}>
              {choice.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
