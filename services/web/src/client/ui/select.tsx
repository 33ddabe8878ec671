import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from "react-aria-components";

export interface Option {
  id: string;
  label: string;
}

/**
 * A labelled single choice from react-aria-components (keyboard, typeahead and ARIA handled by
 * it); `""` is an option like any other, e.g. "Unassigned" or "All teams".
 */
export function PickerSelect(props: {
  label: string;
  options: Option[];
  value: string;
  onChange: (id: string) => void;
  className?: string;
  isDisabled?: boolean;
}) {
  return (
    <Select
      className={`picker ${props.className ?? ""}`}
      selectedKey={props.value}
      onSelectionChange={(key) => {
        if (key !== null && String(key) !== props.value) props.onChange(String(key));
      }}
      isDisabled={props.isDisabled ?? false}
    >
      <Label className="picker-label">{props.label}</Label>
      <Button className="picker-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="picker-popover">
        <ListBox className="picker-list">
          {props.options.map((option) => (
            <ListBoxItem key={option.id} id={option.id} textValue={option.label} className="picker-option">
              {option.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
