import { SelectField } from "../ui/select-field.js";

const ROLES = [
  { id: "agent", label: "Agent" },
  { id: "admin", label: "Admin" },
] as const;

export type Role = (typeof ROLES)[number]["id"];

const isRole = (value: string): value is Role => ROLES.some((role) => role.id === value);

/** Admin or agent, as the shared `SelectField`; in a table its label is read, not shown. */
export function RoleSelect({
  label,
  value,
  onChange,
  isDisabled,
  hideLabel,
}: {
  label: string;
  value: Role;
  onChange: (role: Role) => void;
  isDisabled?: boolean;
  hideLabel?: boolean;
}) {
  return (
    <SelectField
      label={label}
      options={[...ROLES]}
      value={value}
      onChange={(next) => isRole(next) && onChange(next)}
      isDisabled={isDisabled ?? false}
      className={hideLabel ? "role-select label-hidden" : "role-select"}
    />
  );
}
