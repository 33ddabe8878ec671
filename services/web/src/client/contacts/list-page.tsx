import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { fieldError } from "../api.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import { guessSearchField, isSearchField, SEARCH_FIELDS, type SearchField } from "./contact-search.js";
import { NewContactButton } from "./new-contact.js";
import { type ListState, PAGE_SIZE, useContactPage } from "./queries.js";
import { SelectField } from "./select-field.js";
import { TagChips } from "./tag-chips.js";
import { TextField } from "./text-field.js";

type SearchChoice = SearchField | "guess";
const SEARCH_CHOICES = [{ id: "guess" as const, label: "Best guess" }, ...SEARCH_FIELDS];

/** The list's state lives in the URL (`?q=ana&by=name&offset=50`, `?tag=night`). */
function useListState(): [ListState, (next: Partial<ListState>) => void] {
  const [params, setParams] = useSearchParams();
  const by = params.get("by");
  const state: ListState = {
    q: params.get("q") ?? "",
    ...(isSearchField(by) && { by }),
    tag: params.get("tag") ?? "",
    offset: Math.max(0, Number(params.get("offset")) || 0),
  };
  const update = (next: Partial<ListState>) => {
    const merged = { ...state, offset: 0, ...next };
    const query = new URLSearchParams();
    if (merged.q) query.set("q", merged.q);
    if (merged.q && merged.by) query.set("by", merged.by);
    if (merged.tag) query.set("tag", merged.tag);
    if (merged.offset) query.set("offset", String(merged.offset));
    setParams(query);
  };
  return [state, update];
}

/** `/app/contacts`: search one field, or filter by a tag; the search route takes no tag, so one replaces the other. */
export function ContactListPage() {
  const [state, update] = useListState();
  const page = useContactPage(state);
  const [text, setText] = useState(state.q);
  const [by, setBy] = useState<SearchChoice>(state.by ?? "guess");
  const [tag, setTag] = useState(state.tag);
  // The URL leads (back button, links, Clear): the inputs show what the page shows.
  useEffect(() => {
    setText(state.q);
    setBy(state.by ?? "guess");
    setTag(state.tag);
  }, [state.q, state.by, state.tag]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    update({ q: text.trim(), tag: "", ...(by === "guess" ? { by: undefined } : { by }) });
  };
  const filter = (event: FormEvent) => {
    event.preventDefault();
    update({ q: "", by: undefined, tag: tag.trim() });
  };
  // A search the API refuses (a phone it cannot read) is a 422 at the searched field.
  const searchError = state.q ? fieldError(page.error, state.by ?? guessSearchField(state.q)) : undefined;
  const rows = page.data?.data ?? [];
  return (
    <section className="page contacts-page">
      <PageHeader title="Contacts">
        <Link className="secondary button-link" to="/contacts/import">
          Import CSV
        </Link>
        <NewContactButton />
      </PageHeader>
      <div className="contacts-filters">
        <search aria-label="Search contacts">
          <form className="toolbar" onSubmit={search}>
            <SelectField label="Search by" choices={SEARCH_CHOICES} value={by} onChange={setBy} />
            <TextField
              label="Search"
              id="search"
              type="search"
              value={text}
              placeholder="Name, phone or email"
              onValue={setText}
              problem={searchError}
            />
            <button type="submit" className="primary">
              Search
            </button>
          </form>
        </search>
        <form aria-label="Filter by tag" className="toolbar" onSubmit={filter}>
          <TextField
            label="Tag"
            id="tag-filter"
            value={tag}
            placeholder="e.g. night-shift"
            onValue={setTag}
          />
          <button type="submit" className="secondary">
            Filter
          </button>
          {(state.q || state.tag) && (
            <button type="button" className="link" onClick={() => update({ q: "", by: undefined, tag: "" })}>
              Clear
            </button>
          )}
        </form>
      </div>
      {!searchError && <ErrorNote error={page.error} />}
      <p className="hint" aria-live="polite">
        {page.isPending
          ? "Loading…"
          : `${page.data?.total ?? 0} contact${page.data?.total === 1 ? "" : "s"}${
              state.q ? ` matching “${state.q}”` : state.tag ? ` tagged “${state.tag}”` : ""
            }`}
      </p>
      <div className="table-scroll">
        <table className="data-table stacked contacts-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Phone</th>
              <th scope="col">Email</th>
              <th scope="col">Tags</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((contact) => (
              <tr key={contact.id}>
                <td>
                  <Link to={`/contacts/${contact.id}`}>
                    {contact.name || contact.phone || contact.email || "Unnamed"}
                  </Link>
                </td>
                <td data-label="Phone">{contact.phone}</td>
                <td data-label="Email" className="contacts-email">
                  {contact.email}
                </td>
                <td data-label="Tags">
                  <TagChips tags={contact.tags} />
                </td>
                <td data-label="Created">
                  <time dateTime={contact.created_at}>
                    {new Date(contact.created_at).toLocaleDateString()}
                  </time>
                </td>
              </tr>
            ))}
            {!page.isPending && rows.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No contacts here yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager
        offset={state.offset}
        limit={PAGE_SIZE}
        total={page.data?.total ?? 0}
        onOffset={(offset) => update({ ...state, offset })}
      />
    </section>
  );
}
