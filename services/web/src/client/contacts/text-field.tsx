import type { InputHTMLAttributes, ReactNode } from "react";

/** A labelled input with the API's message for it below (tied by `aria-describedby`). */
export function TextField({
  label,
  id,
  problem,
  onValue,
  ...input
}: {
  label: string;
  /** Names the message element: `<id>-error`. */
  id: string;
  problem?: ReactNode;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange">) {
  const errorId = `${id}-error`;
  return (
    <label className="field">
      {label}
      <input
        {...input}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        onChange={(event) => onValue(event.target.value)}
      />
      {problem && (
        <span className="field-error" id={errorId}>
          {problem}
        </span>
      )}
    </label>
  );
}
