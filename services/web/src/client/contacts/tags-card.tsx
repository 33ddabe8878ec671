import { type FormEvent, useState } from "react";
import { fieldError, v1 } from "../api.js";
import { ErrorNote } from "../ui/page.js";
import { useContactWrite } from "./queries.js";
import { TextField } from "./text-field.js";
import type { ContactRecord } from "./types.js";

/**
 * Adds a tag with `POST /contacts/{id}/tags` (the API adds it to whatever is there) and takes
 * one off with `PUT /contacts/{id}` and the remaining tags: agents may not call DELETE.
 */
export function TagsCard({ contact }: { contact: ContactRecord }) {
  const { write: run, error } = useContactWrite();
  const [name, setName] = useState("");
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => v1.post(`/contacts/${contact.id}/tags`, { name: name.trim() }))) setName("");
  };
  const remove = (tag: string) =>
    run(() => v1.put(`/contacts/${contact.id}`, { tags: contact.tags.filter((t) => t !== tag) }));
  const nameError = fieldError(error, "name");
  return (
    <section className="card" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      {contact.tags.length === 0 ? (
        <p className="hint">No tags.</p>
      ) : (
        <ul className="tag-chips editable" aria-label="Tags">
          {contact.tags.map((tag) => (
            <li key={tag} className="chip">
              {tag}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove tag ${tag}`}
                onClick={() => remove(tag)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="toolbar inline-form" onSubmit={add}>
        <TextField label="Add a tag" id="tag" value={name} onValue={setName} problem={nameError} />
        <button type="submit" className="secondary" disabled={!name.trim()}>
          Add
        </button>
      </form>
      {!nameError && <ErrorNote error={error} />}
    </section>
  );
}
