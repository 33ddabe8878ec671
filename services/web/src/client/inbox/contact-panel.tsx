import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { errorMessage, v1 } from "../api.js";
import { isAdmin, useSession } from "../app/session.js";
import { CampaignHistory } from "../contacts/campaign-history.js";
import { ConsentHistory } from "../contacts/consent-history.js";
import { CHANNEL_LABEL, contactLabel, fullTime, initials, shortTime } from "../format.js";
import type { Channel, Conversation, List, SequenceRun } from "../types.js";
import { useConsentChange, useContact, usePreferences } from "./queries.js";

/** The contact's other conversations (one per channel), newest activity first. */
function OtherConversations(props: {
  contactId: string;
  conversationId: string;
  channels: Channel[];
  search: string;
}) {
  const list = useQuery({
    queryKey: ["conversations", "contact", props.contactId],
    queryFn: () => v1.get<List<Conversation>>(`/conversations?contact_id=${props.contactId}&limit=20`),
  });
  const others = (list.data?.data ?? []).filter((c) => c.id !== props.conversationId);
  return (
    <>
      <h3>Other conversations</h3>
      {others.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul className="plain-list">
          {others.map((c) => (
            <li key={c.id}>
              <Link to={{ pathname: `/inbox/${c.id}`, search: props.search }}>
                {CHANNEL_LABEL[c.channel_type]} ·{" "}
                {props.channels.find((ch) => ch.id === c.channel_id)?.name ?? "channel"}
              </Link>{" "}
              <span className="hint">
                {c.status} · {shortTime(c.last_message_date ?? c.created_at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The contact's sequence runs (admins: agents' sessions may not read sequences). */
function SequenceRuns({ contactId }: { contactId: string }) {
  const runs = useQuery({
    queryKey: ["sequence-runs", contactId],
    queryFn: () => v1.get<List<SequenceRun>>(`/sequences/runs?contact_id=${contactId}&limit=20`),
  });
  return (
    <>
      <h3>Sequence runs</h3>
      {runs.isError && <p className="hint">Could not load runs.</p>}
      {runs.data && runs.data.data.length === 0 && <p className="hint">None.</p>}
      <ul className="plain-list">
        {(runs.data?.data ?? []).map((run) => (
          <li key={run.id}>
            <Link to={`/sequences/${run.sequence_id}`}>Sequence</Link>{" "}
            <span className={`pill ${run.status}`}>{run.status}</span>
            <span className="hint">
              {" "}
              since {shortTime(run.created_at)}
              {run.stop_reason ? ` · ${run.stop_reason}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The contact: fields, tags, properties, consent per channel with opt in / out and its history, other conversations, campaigns, runs. */
export function ContactPanel(props: {
  contactId: string;
  conversationId: string;
  channels: Channel[];
  search: string;
  /** Below 1100 px the panel opens over the thread; this folds it again. */
  onClose(): void;
}) {
  const { contactId, channels } = props;
  const session = useSession();
  const contact = useContact(contactId);
  const preferences = usePreferences(contactId);
  const changeConsent = useConsentChange(contactId);
  const [error, setError] = useState<string>();
  const change = (channelId: string, optIn: boolean) => {
    setError(undefined);
    return changeConsent(channelId, optIn).catch((caught: unknown) => setError(errorMessage(caught)));
  };
  const data = contact.data;
  const label = contactLabel(data);
  const fields: Array<[string, string | undefined]> = [
    ["Phone", data?.phone],
    ["Email", data?.email],
    ["External id", data?.external_id],
    ["Language", data?.language],
  ];
  return (
    <aside className="contact" id="contact-panel" aria-label="Contact">
      <button type="button" className="link narrow-only contact-close" onClick={props.onClose}>
        Back to the conversation
      </button>
      <div className="contact-head">
        <div className="avatar large" aria-hidden="true">
          {initials(label)}
        </div>
        <h2>
          <Link to={`/contacts/${contactId}`}>{label}</Link>
        </h2>
      </div>
      {(data?.tags?.length ?? 0) > 0 && (
        <ul className="tags" aria-label="Tags">
          {data?.tags?.map((tag) => (
            <li key={tag} className="chip">
              {tag}
            </li>
          ))}
        </ul>
      )}
      <dl className="fields">
        {fields
          .filter(([, value]) => value)
          .map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        {Object.entries(data?.properties ?? {}).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{typeof value === "object" ? JSON.stringify(value) : String(value)}</dd>
          </div>
        ))}
      </dl>
      <h3>Consent</h3>
      <ul className="consent">
        {channels.map((channel) => {
          const preference = preferences.data?.find((p) => p.channel_id === channel.id);
          const optedOut = preference?.opt_in === false;
          return (
            <li key={channel.id}>
              <div>
                <span className="consent-channel">{channel.name}</span>
                <span className={`consent-state ${optedOut ? "out" : "in"}`}>
                  {optedOut ? "Opted out" : preference ? "Opted in" : "No preference"}
                </span>
                {preference && (
                  <span className="consent-when">
                    {CHANNEL_LABEL[channel.type]} · {preference.source} · {fullTime(preference.updated_at)}
                  </span>
                )}
                <ConsentHistory contactId={contactId} channelId={channel.id} channelName={channel.name} />
              </div>
              <button type="button" className="link" onClick={() => void change(channel.id, optedOut)}>
                {optedOut ? "Opt in" : "Opt out"}
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <OtherConversations {...props} />
      <h3>Campaigns</h3>
      <CampaignHistory contactId={contactId} />
      {isAdmin(session) && <SequenceRuns contactId={contactId} />}
    </aside>
  );
}
