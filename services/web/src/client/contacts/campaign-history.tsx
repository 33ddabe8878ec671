import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { v1 } from "../api.js";
import { isAdmin, useSession } from "../app/session.js";
import { shortTime } from "../format.js";
import type { ContactCampaign, List } from "../types.js";
import { Pager } from "../ui/pager.js";
import "./history.css";

/** What happened with the contact in the campaign: a reply or an opt-out says more than delivery. */
function outcome(entry: ContactCampaign): string {
  if (entry.unsubscribed_at) return "unsubscribed";
  if (entry.responded_at) return "responded";
  if (entry.recipient_state === "skipped" && entry.skip_reason) return `skipped (${entry.skip_reason})`;
  return entry.recipient_state;
}

/**
 * The campaigns the contact was a recipient of, newest first (the inbox's panel and the
 * contact's page). Only admins may open campaigns; an agent sees their channels' campaigns as text.
 */
export function CampaignHistory({ contactId, limit = 5 }: { contactId: string; limit?: number }) {
  const session = useSession();
  const [offset, setOffset] = useState(0);
  const campaigns = useQuery({
    queryKey: ["contact-campaigns", contactId, limit, offset],
    queryFn: () =>
      v1.get<List<ContactCampaign>>(`/contacts/${contactId}/campaigns?limit=${limit}&offset=${offset}`),
  });
  return (
    <>
      {campaigns.isError && <p className="hint">Could not load campaigns.</p>}
      {campaigns.data?.total === 0 && <p className="hint">None.</p>}
      <ul className="plain-list history-list" aria-label="Campaign history">
        {(campaigns.data?.data ?? []).map((entry) => (
          <li key={entry.campaign_id}>
            {isAdmin(session) ? (
              <Link to={`/campaigns/${entry.campaign_id}`}>{entry.campaign_title}</Link>
            ) : (
              <strong>{entry.campaign_title}</strong>
            )}{" "}
            <span className={`pill campaign-outcome ${entry.recipient_state}`}>{outcome(entry)}</span>{" "}
            <span className="hint">{shortTime(entry.sent_at ?? entry.not_before ?? entry.updated_at)}</span>
          </li>
        ))}
      </ul>
      {campaigns.data && (
        <Pager offset={offset} limit={limit} total={campaigns.data.total} onOffset={setOffset} />
      )}
    </>
  );
}
