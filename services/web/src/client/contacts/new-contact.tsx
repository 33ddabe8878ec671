import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { v1 } from "../api.js";
import { ModalDialog } from "../ui/dialog.js";
import { formOf, newContactBody } from "./contact-changes.js";
import { ContactFields } from "./contact-fields.js";
import { useContactChanged } from "./queries.js";
import { RequestProblem } from "./request-problem.js";
import type { ContactRecord } from "./types.js";

/** "New contact": a dialog with the fields; the created contact opens. */
export function NewContactButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        New contact
      </button>
      <ModalDialog title="New contact" isOpen={open} onClose={() => setOpen(false)}>
        <NewContactForm onCancel={() => setOpen(false)} />
      </ModalDialog>
    </>
  );
}

function NewContactForm({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const changed = useContactChanged();
  const [form, setForm] = useState(formOf(undefined));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const created = await v1.post<{ data: ContactRecord }>("/contacts", newContactBody(form));
      changed(created.data);
      navigate(`/contacts/${created.data.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={submit} className="contact-form" noValidate>
      <ContactFields idPrefix="new" form={form} onChange={setForm} error={error} />
      <RequestProblem error={error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={saving}>
          Create contact
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
