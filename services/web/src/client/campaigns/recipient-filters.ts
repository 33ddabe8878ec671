import { RECIPIENT_STATE_LABEL } from "./counts.js";
import type { RecipientState } from "./types.js";

/** What the recipients' select shows: all, one state (`state=`), or those who did something (`flag=true`). */
const ENGAGED = [
  { id: "responded", label: "Replied" },
  { id: "unsubscribed", label: "Opted out" },
  { id: "clicked_link", label: "Clicked a link" },
];
const STATES = Object.keys(RECIPIENT_STATE_LABEL) as RecipientState[];

export const RECIPIENT_FILTERS = [
  { id: "all", label: "All recipients" },
  ...STATES.map((state) => ({ id: state, label: RECIPIENT_STATE_LABEL[state] })),
  ...ENGAGED,
];

/** A filter of the URL (`?filter=`) that is one of the select's, or "all". */
export const knownFilter = (value: string | null): string =>
  RECIPIENT_FILTERS.some((f) => f.id === value) ? (value as string) : "all";

/** Adds what `GET /v1/campaigns/{id}/contacts` takes for `filter` to `query`. */
export function setRecipientFilter(query: URLSearchParams, filter: string): void {
  if (filter === "all") return;
  if ((STATES as string[]).includes(filter)) query.set("state", filter);
  else query.set(filter, "true");
}
