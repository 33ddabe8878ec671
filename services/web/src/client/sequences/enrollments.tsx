import type { Sequence, SequenceContact } from "@relay/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router";
import { type ApiError, v1 } from "../api.js";
import { contactLabel, shortTime } from "../format.js";
import type { Contact, List } from "../types.js";
import { ErrorNote } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import { enrollRows, parsePhones, rowProblems } from "./enroll.js";
import { StatusPill } from "./status.js";
import { useContactNames } from "./use-contacts.js";

const PAGE = 25;

/** A sequence's contacts: enroll some (picked by search, or pasted numbers), see and remove them. */
export function Enrollments({ sequence }: { sequence: Sequence }) {
  return (
    <>
      <EnrollForm sequence={sequence} />
      <EnrolledContacts sequence={sequence} />
    </>
  );
}

function EnrollForm({ sequence }: { sequence: Sequence }) {
  const client = useQueryClient();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<Contact[]>([]);
  const [pasted, setPasted] = useState("");
  const found = useQuery({
    queryKey: ["contacts", "search", query],
    queryFn: () =>
      v1.post<List<Contact>>("/contacts/search", {
        ...(/^[+\d][\d\s().-]*$/.test(query) ? { phone: query } : { name: query }),
        limit: 10,
      }),
    enabled: query !== "",
  });
  const rows = enrollRows(picked, parsePhones(pasted));
  const enroll = useMutation<{ data: { enrolled: number; skipped: number } }, ApiError>({
    mutationFn: () =>
      v1.post<{ data: { enrolled: number; skipped: number } }>(`/sequences/${sequence.id}/contacts`, {
        to: rows.to,
      }),
    onSuccess: () => {
      setPicked([]);
      setPasted("");
      void client.invalidateQueries({ queryKey: ["sequence-contacts", sequence.id] });
      void client.invalidateQueries({ queryKey: ["sequence-runs", sequence.id] });
    },
  });
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setQuery(search.trim());
  };
  const problems = enroll.isError ? rowProblems(enroll.error.details, rows.sources) : [];
  return (
    <div className="card">
      <h2>Enroll contacts</h2>
      {sequence.status !== "active" && (
        <p className="hint">Only an active sequence takes contacts: activate it first.</p>
      )}
      <form className="toolbar" onSubmit={submitSearch}>
        <label className="sr-only" htmlFor="enroll-search">
          Search contacts
        </label>
        <input
          id="enroll-search"
          type="search"
          placeholder="Name or phone number"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      {found.isError && <ErrorNote error={found.error} />}
      {found.data && (
        <ul className="pick-list" aria-label="Contacts found">
          {found.data.data.length === 0 && <li className="hint">No contact matches.</li>}
          {found.data.data.map((contact) => (
            <li key={contact.id}>
              <span>
                {contactLabel(contact)} <span className="hint">{contact.phone ?? contact.email}</span>
              </span>
              <button
                type="button"
                className="link"
                disabled={picked.some((p) => p.id === contact.id)}
                onClick={() => setPicked((list) => [...list, contact])}
                aria-label={`Pick ${contactLabel(contact)}`}
              >
                Pick
              </button>
            </li>
          ))}
        </ul>
      )}
      {picked.length > 0 && (
        <ul className="picked" aria-label="Picked contacts">
          {picked.map((contact) => (
            <li key={contact.id} className="chip">
              {contactLabel(contact)}
              <button
                type="button"
                className="link small"
                aria-label={`Unpick ${contactLabel(contact)}`}
                onClick={() => setPicked((list) => list.filter((p) => p.id !== contact.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor="enroll-phones">Or paste phone numbers</label>
        <textarea
          id="enroll-phones"
          rows={3}
          value={pasted}
          placeholder={"+15555550123\n+15555550124"}
          onChange={(e) => setPasted(e.target.value)}
        />
        <span className="hint">One a line, or separated by commas; a new number becomes a contact.</span>
      </div>
      <div className="toolbar enroll-bar">
        <button
          type="button"
          className="primary"
          disabled={rows.to.length === 0 || enroll.isPending}
          onClick={() => enroll.mutate()}
        >
          Enroll {rows.to.length} {rows.to.length === 1 ? "contact" : "contacts"}
        </button>
        <div aria-live="polite">
          {enroll.isSuccess && (
            <span className="saved-note">
              {enroll.data.data.enrolled} enrolled, {enroll.data.data.skipped} skipped
            </span>
          )}
        </div>
      </div>
      {enroll.isError && (
        <div className="form-error" role="alert">
          <p>{enroll.error.message}</p>
          {problems.length > 0 && (
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function EnrolledContacts({ sequence }: { sequence: Sequence }) {
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const list = useQuery({
    queryKey: ["sequence-contacts", sequence.id, offset],
    queryFn: () =>
      v1.get<List<SequenceContact>>(`/sequences/${sequence.id}/contacts?limit=${PAGE}&offset=${offset}`),
    refetchInterval: 5_000,
  });
  const nameOf = useContactNames((list.data?.data ?? []).map((row) => row.id));
  const remove = useMutation({
    mutationFn: (contactId: string) =>
      v1.delete(`/sequences/${sequence.id}/contacts?contact_id=${contactId}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["sequence-contacts", sequence.id] });
      void client.invalidateQueries({ queryKey: ["sequence-runs", sequence.id] });
    },
  });
  const stepKey = (id: string | undefined) => sequence.steps.find((step) => step.id === id)?.key ?? "—";
  return (
    <div className="card">
      <h2>Contacts enrolled</h2>
      <ErrorNote error={list.error ?? remove.error} />
      {list.data && list.data.total === 0 && <p className="hint">Nobody yet.</p>}
      {list.data && list.data.total > 0 && (
        <div className="table-scroll">
          <table className="data-table stacked">
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Latest run</th>
                <th scope="col">At step</th>
                <th scope="col" className="hide-narrow">
                  Enrolled
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((row) => (
                <tr key={row.run_id}>
                  <td>{nameOf(row.id)}</td>
                  <td data-label="Latest run">
                    <StatusPill status={row.run_status} />
                    {row.stop_reason && <span className="hint"> {row.stop_reason.replace("_", " ")}</span>}
                  </td>
                  <td data-label="At step">
                    {row.run_status === "active" ? stepKey(row.current_step_id) : "—"}
                  </td>
                  <td data-label="Enrolled" className="hide-narrow">
                    {shortTime(row.created_at)}
                  </td>
                  <td>
                    {row.run_status === "active" && (
                      <button
                        type="button"
                        className="link danger"
                        aria-label={`Remove ${nameOf(row.id)} from the sequence`}
                        onClick={() => remove.mutate(row.id)}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          offset={offset}
          limit={PAGE}
          total={list.data.total}
          onOffset={(next) => {
            const p = new URLSearchParams(params);
            p.set("offset", String(next));
            setParams(p);
          }}
        />
      )}
    </div>
  );
}
