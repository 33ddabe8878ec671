import { type FormEvent, useState } from "react";
import { fieldError, v1 } from "../api.js";
import { ErrorNote } from "../ui/page.js";
import { useContactWrite } from "./queries.js";
import { TextField } from "./text-field.js";
import type { ContactRecord } from "./types.js";

const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** Key/value properties: the API merges `properties` key by key, and a `null` value removes a key. */
export function PropertiesCard({ contact }: { contact: ContactRecord }) {
  const { write: run, error } = useContactWrite();
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const write = (properties: Record<string, string | null>) =>
    run(() => v1.put(`/contacts/${contact.id}`, { properties }));
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await write({ [key.trim()]: value })) {
      setKey("");
      setValue("");
    }
  };
  const entries = Object.entries(contact.properties ?? {});
  const problem = fieldError(error, "properties");
  return (
    <section className="card" aria-labelledby="properties-title">
      <h2 id="properties-title">Properties</h2>
      {entries.length === 0 ? (
        <p className="hint">No properties.</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, current]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{shown(current)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove property ${name}`}
                    onClick={() => write({ [name]: null })}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="toolbar inline-form" onSubmit={add}>
        <TextField label="Key" id="property-key" value={key} onValue={setKey} />
        <TextField label="Value" id="property" value={value} onValue={setValue} problem={problem} />
        <button type="submit" className="secondary" disabled={!key.trim()}>
          Set
        </button>
      </form>
      {!problem && <ErrorNote error={error} />}
    </section>
  );
}
