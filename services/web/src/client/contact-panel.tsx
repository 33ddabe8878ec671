import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, v1 } from "./api.js";
import { CHANNEL_LABEL, contactLabel, fullTime, initials } from "./format.js";
import { useContact } from "./inbox.js";
import { usePreferences } from "./thread.js";
import type { Channel } from "./types.js";

/** The contact's fields and their consent per channel, with opt in / opt out. */
export function ContactPanel({ contactId, channels }: { contactId: string; channels: Channel[] }) {
  const client = useQueryClient();
  const contact = useContact(contactId);
  const preferences = usePreferences(contactId);
  const [error, setError] = useState<string>();
  const change = async (channelId: string, optIn: boolean) => {
    setError(undefined);
    try {
      await v1.post(`/contacts/${contactId}/communication_preferences/${optIn ? "opt_in" : "opt_out"}`, {
        channel_id: channelId,
      });
      await client.invalidateQueries({ queryKey: ["preferences", contactId] });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const data = contact.data;
  const label = contactLabel(data);
  const fields: Array<[string, string | undefined]> = [
    ["Phone", data?.phone],
    ["Email", data?.email],
    ["External id", data?.external_id],
    ["Language", data?.preferred_language],
  ];
  return (
    <aside className="contact" aria-label="Contact">
      <div className="contact-head">
        <div className="avatar large" aria-hidden="true">
          {initials(label)}
        </div>
        <h2>{label}</h2>
      </div>
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
            <dd>{String(value)}</dd>
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
    </aside>
  );
}
