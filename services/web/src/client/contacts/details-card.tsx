import { type FormEvent, useEffect, useState } from "react";
import { v1 } from "../api.js";
import { changedFields, formOf } from "./contact-changes.js";
import { ContactFields } from "./contact-fields.js";
import { useContactWrite } from "./queries.js";
import { RequestProblem } from "./request-problem.js";
import type { ContactRecord } from "./types.js";

/** The editable fields; Save sends what changed (`PUT /v1/contacts/{id}`). */
export function DetailsCard({ contact }: { contact: ContactRecord }) {
  const { write, error } = useContactWrite();
  const [form, setForm] = useState(formOf(contact));
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  // A newer version from the API (another tab, a save) replaces the form.
  useEffect(() => setForm(formOf(contact)), [contact]);
  const body = changedFields(contact, form);
  const dirty = Object.keys(body).length > 0;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setSaved(await write(() => v1.put(`/contacts/${contact.id}`, body)));
    setSaving(false);
  };
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <form onSubmit={save} className="contact-form" noValidate>
        <ContactFields idPrefix="edit" form={form} onChange={setForm} error={error} />
        <RequestProblem error={error} />
        <div className="toolbar">
          <button type="submit" className="primary" disabled={!dirty || saving}>
            Save
          </button>
          <span className="hint" aria-live="polite">
            {saved && !dirty ? "Saved." : ""}
          </span>
        </div>
      </form>
    </section>
  );
}
