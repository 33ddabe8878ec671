import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { v1 } from "../api.js";
import { fullTime } from "../format.js";
import { useUsers } from "../inbox/queries.js";
import type { ConsentChange, List, Preference } from "../types.js";
import { Pager } from "../ui/pager.js";
import "./history.css";

/** How a consent source reads after "Changed …" (the card's last change, and each history entry). */
const SOURCE_LABEL: Record<string, string> = {
  api: "through the API or this app",
  keyword: "by a keyword the contact texted",
  provider_error: "by the provider refusing a send",
  contact_created: "when the contact was created",
  contact_updated: "when the contact was updated",
  send_opt_in: "by a send that opted them in",
  unsubscribe_link: "by the unsubscribe link",
};

const PAGE = 5;

/** How one change came about ("by Ada Admin in this app"), for the history and the card's last change. */
export function describeConsentChange(change: ConsentChange, userName: string | undefined): string {
  if (change.changed_by === "user") return `by ${userName ?? `user ${change.user_id}`} in this app`;
  if (change.source === "keyword" && change.detail) return `by the contact texting “${change.detail}”`;
  if (change.source === "provider_error" && change.detail)
    return `by the provider refusing a send (${change.detail})`;
  return SOURCE_LABEL[change.source] ?? change.source;
}

/**
 * One channel's consent changes, newest first, under a collapsed "History": read only once
 * opened. Its query key sits under the preferences', so a consent change refreshes it.
 */
export function ConsentHistory(props: { contactId: string; channelId: string; channelName: string }) {
  const [open, setOpen] = useState(false);
  const [offset, setOffset] = useState(0);
  const users = useUsers();
  const history = useQuery({
    queryKey: ["preferences", props.contactId, "history", props.channelId, offset],
    queryFn: () =>
      v1.get<List<ConsentChange>>(
        `/contacts/${props.contactId}/communication_preferences/history?channel_id=${props.channelId}&limit=${PAGE}&offset=${offset}`,
      ),
    enabled: open,
  });
  const userName = (id: number | undefined) => users.data?.data.find((user) => user.id === id)?.name;
  return (
    <details className="consent-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary aria-label={`Consent history on ${props.channelName}`}>History</summary>
      {history.isError && <p className="hint">Could not load the history.</p>}
      {history.data?.total === 0 && <p className="hint">No changes recorded.</p>}
      <ol className="history-list" aria-label={`Consent changes on ${props.channelName}`}>
        {(history.data?.data ?? []).map((change) => (
          <li key={change.id}>
            <span className={`consent-state ${change.opt_in ? "in" : "out"}`}>
              {change.opt_in ? "Opted in" : "Opted out"}
            </span>{" "}
            <span className="hint">
              {describeConsentChange(change, userName(change.user_id))},{" "}
              <time dateTime={change.changed_at}>{fullTime(change.changed_at)}</time>
            </span>
          </li>
        ))}
      </ol>
      {history.data && <Pager offset={offset} limit={PAGE} total={history.data.total} onOffset={setOffset} />}
    </details>
  );
}

/**
 * "Last changed by Ada Admin in this app, <time>": worded from the channel's latest history
 * entry (the preference's own source cannot tell a web user from an API key); its query sits
 * under the preferences' too. Without any entry, the preference's source says it.
 */
export function LastConsentChange(props: { contactId: string; channelId: string; preference: Preference }) {
  const users = useUsers();
  const latest = useQuery({
    queryKey: ["preferences", props.contactId, "history", props.channelId, "latest"],
    queryFn: () =>
      v1.get<List<ConsentChange>>(
        `/contacts/${props.contactId}/communication_preferences/history?channel_id=${props.channelId}&limit=1`,
      ),
  });
  const change = latest.data?.data[0];
  const userName = users.data?.data.find((user) => user.id === change?.user_id)?.name;
  const how = change
    ? describeConsentChange(change, userName)
    : latest.isPending
      ? undefined
      : (SOURCE_LABEL[props.preference.source] ?? props.preference.source);
  return (
    <div className="hint last-consent-change">
      Last changed{how && ` ${how}`},{" "}
      <time dateTime={props.preference.updated_at}>{fullTime(props.preference.updated_at)}</time>
    </div>
  );
}
