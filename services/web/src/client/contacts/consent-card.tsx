import { useState } from "react";
import { CHANNEL_LABEL } from "../format.js";
import { useConsentChange, usePreferences } from "../inbox/queries.js";
import { ErrorNote } from "../ui/page.js";
import { ConsentHistory, LastConsentChange } from "./consent-history.js";
import { useChannels } from "./queries.js";

/**
 * Consent per channel (`/communication_preferences`), with opt in / opt out: each channel's
 * latest change (when and how), and its earlier changes under a collapsed history.
 */
export function ConsentCard({ contactId }: { contactId: string }) {
  const channels = useChannels();
  const preferences = usePreferences(contactId);
  const changeConsent = useConsentChange(contactId);
  const [error, setError] = useState<unknown>();
  const change = (channelId: string, optIn: boolean) => {
    setError(undefined);
    return changeConsent(channelId, optIn).catch(setError);
  };
  const list = channels.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="consent-title">
      <h2 id="consent-title">Consent</h2>
      <ErrorNote error={error ?? channels.error ?? preferences.error} />
      {list.length === 0 && !channels.isPending && <p className="hint">No channels to consent to.</p>}
      <ul className="consent-list">
        {list.map((channel) => {
          const preference = preferences.data?.find((p) => p.channel_id === channel.id);
          const optedOut = preference?.opt_in === false;
          return (
            <li key={channel.id}>
              <div>
                <strong>{channel.name}</strong> <span className="hint">{CHANNEL_LABEL[channel.type]}</span>
                <div className={`consent-state ${optedOut ? "out" : "in"}`}>
                  {optedOut ? "Opted out" : preference ? "Opted in" : "No preference recorded"}
                </div>
                {preference && (
                  <LastConsentChange contactId={contactId} channelId={channel.id} preference={preference} />
                )}
                <ConsentHistory contactId={contactId} channelId={channel.id} channelName={channel.name} />
              </div>
              <button
                type="button"
                className="secondary"
                aria-label={`${optedOut ? "Opt in" : "Opt out"} on ${channel.name}`}
                onClick={() => void change(channel.id, optedOut)}
              >
                {optedOut ? "Opt in" : "Opt out"}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
