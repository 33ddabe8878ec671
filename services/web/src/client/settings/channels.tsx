import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { v1 } from "../api.js";
import { CHANNEL_LABEL } from "../format.js";
import { ErrorNote } from "../ui/page.js";
import { hoursSummary } from "./channel-form.js";
import type { ChannelSettings, Page } from "./types.js";

export const channelsQuery = {
  queryKey: ["settings", "channels"],
  queryFn: () => v1.get<Page<ChannelSettings>>("/channels?limit=500"),
};

/** `/app/settings/channels`: every channel with its hours and send rate; a name opens its editor. */
export function ChannelsScreen() {
  const channels = useQuery(channelsQuery);
  return (
    <div>
      <h2 className="settings-heading">Channels</h2>
      <ErrorNote error={channels.error} />
      <div className="table-scroll">
        <table className="data-table stacked">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Address</th>
              <th scope="col">Opening hours</th>
              <th scope="col">Send rate</th>
            </tr>
          </thead>
          <tbody>
            {channels.data?.data.map((channel) => (
              <tr key={channel.id}>
                <td>
                  <Link to={channel.id}>{channel.name}</Link>
                </td>
                <td data-label="Type">
                  <span className={`chip ${channel.type}`}>
                    {CHANNEL_LABEL[channel.type] ?? channel.type}
                  </span>
                </td>
                <td data-label="Address">{channel.phone ?? channel.address ?? ""}</td>
                <td data-label="Opening hours">
                  {hoursSummary(channel)}
                  <div className="hint">{channel.timezone}</div>
                </td>
                <td data-label="Send rate">{channel.send_rate}/s</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {channels.data?.total === 0 && <p className="empty">No channels yet.</p>}
    </div>
  );
}
