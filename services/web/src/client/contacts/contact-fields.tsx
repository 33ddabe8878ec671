import { Link } from "react-router";
import { fieldError } from "../api.js";
import { type ContactForm, type EditableField, holderOf } from "./contact-changes.js";
import { TextField } from "./text-field.js";

const LABELS: Record<EditableField, string> = {
  name: "Name",
  phone: "Phone",
  email: "Email",
  external_id: "External id",
  language: "Language",
};
const INPUT_TYPES: Partial<Record<EditableField, string>> = { phone: "tel", email: "email" };

/** The API's word on one field, next to it; a duplicate links to the contact that holds the value. */
function FieldProblem({ message }: { message: string }) {
  const holder = holderOf(message);
  if (!holder) return message;
  return (
    <>
      Another contact already has this. <Link to={`/contacts/${holder}`}>Open that contact</Link>
    </>
  );
}

/** The contact's editable fields; validation is the API's (its 422 shown at each field; forms say `noValidate`). */
export function ContactFields({
  idPrefix,
  form,
  onChange,
  error,
}: {
  idPrefix: string;
  form: ContactForm;
  onChange: (form: ContactForm) => void;
  error: unknown;
}) {
  return (
    <div className="form-grid">
      {(Object.keys(LABELS) as EditableField[]).map((field) => {
        const problem = fieldError(error, field);
        const id = `${idPrefix}-${field}`;
        return (
          <TextField
            key={field}
            label={LABELS[field]}
            id={id}
            name={field}
            type={INPUT_TYPES[field] ?? "text"}
            value={form[field]}
            placeholder={field === "language" ? "e.g. en, es-MX" : undefined}
            onValue={(value) => onChange({ ...form, [field]: value })}
            problem={problem && <FieldProblem message={problem} />}
          />
        );
      })}
    </div>
  );
}
