import { Button, ListBox, ListBoxItem, Popover, Select, SelectValue } from "react-aria-components";

const ROLES = [
  { id: "agent", label: "Agent" },
  { id: "admin", label: "Admin" },
] as const;

export type Role = (typeof ROLES)[number]["id"];

/** Admin or agent, as a react-aria-components select (keyboard, ARIA and the popover handled there). */
export function RoleSelect({
  label,
  value,
  onChange,
  isDisabled,
}: {
  label: string;
  value: Role;
  onChange: (role: Role) => void;
  isDisabled?: boolean;
}) {
  return (
    <Select
      aria-label={label}
      className="role-select"
      selectedKey={value}
      onSelectionChange={(key) => key && onChange(key as Role)}
      isDisabled={isDisabled ?? false}
    >
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="select-list">
          {ROLES.map((role) => (
            <ListBoxItem key={role.id} id={role.id} className="select-item">
              {role.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
