import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { v1 } from "../api.js";
import { useLiveState } from "../app/live-context.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import { SelectField } from "../ui/select-field.js";
import { formatCount, percentOf, recipientTotal, STATUS_LABEL } from "./counts.js";
import type { Campaign, CampaignStatus } from "./types.js";
import { channelName, useChannels } from "./use-campaigns.js";

const LIMIT = 25;
const STATUS_OPTIONS = [
  { id: "all", label: "All statuses" },
  ...(Object.entries(STATUS_LABEL) as Array<[CampaignStatus, string]>).map(([id, label]) => ({ id, label })),
];

/** `/app/campaigns`: every campaign with its counts, kept live by the stream (`?status=sending&offset=25`). */
export function CampaignList() {
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const title = params.get("title") ?? "";
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const set = (change: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value && value !== "0") next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const query = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
  if (status) query.set("status", status);
  if (title) query.set("title", title);
  const list = useQuery({
    queryKey: ["campaigns", query.toString()],
    queryFn: () => v1.get<{ data: Campaign[]; total: number }>(`/campaigns?${query}`),
    placeholderData: (previous) => previous,
  });
  const channels = useChannels();
  const live = useLiveState();
  return (
    <section className="page campaigns">
      <PageHeader title="Campaigns">
        <span className={`live-dot ${live}`}>{live === "live" ? "Live" : "Connecting"}</span>
        <Link className="primary button-link" to="/campaigns/new">
          New campaign
        </Link>
      </PageHeader>
      <div className="toolbar">
        <label className="sr-only" htmlFor="campaign-search">
          Search campaigns by title
        </label>
        <input
          id="campaign-search"
          type="search"
          placeholder="Search by title"
          defaultValue={title}
          onChange={(e) => set({ title: e.target.value, offset: "" })}
        />
        <SelectField
          label="Status"
          options={STATUS_OPTIONS}
          value={status || "all"}
          onChange={(value) => set({ status: value === "all" ? "" : value, offset: "" })}
        />
      </div>
      <ErrorNote error={list.error} />
      {list.data && list.data.data.length === 0 && (
        <p className="empty">
          {status || title
            ? "No campaign matches."
            : "No campaigns yet: create one to reach many contacts at once."}
        </p>
      )}
      {list.data && list.data.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table campaign-table">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Recipients
                </th>
                <th scope="col" className="num">
                  Sent
                </th>
                <th scope="col" className="num">
                  Delivered
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col" className="num">
                  Replies
                </th>
                <th scope="col" className="num">
                  Opted out
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((campaign) => (
                <CampaignRow
                  key={campaign.id}
                  campaign={campaign}
                  channel={channelName(channels.data, campaign.channel_id, campaign.from)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          total={list.data.total}
          onOffset={(next) => set({ offset: String(next) })}
        />
      )}
    </section>
  );
}

function CampaignRow({ campaign, channel }: { campaign: Campaign; channel: string }) {
  const delivered = campaign.recipients.delivered ?? 0;
  return (
    <tr data-campaign={campaign.id}>
      <th scope="row">
        <Link to={`/campaigns/${campaign.id}`}>{campaign.title}</Link>
      </th>
      <td data-label="Channel">{channel}</td>
      <td data-label="Status">
        <span className={`pill campaign-status ${campaign.status}`}>{STATUS_LABEL[campaign.status]}</span>
      </td>
      <td className="num" data-count="recipients" data-label="Recipients">
        {formatCount(recipientTotal(campaign))}
      </td>
      <td className="num" data-count="sent" data-label="Sent">
        {formatCount(campaign.sent_messages)}
      </td>
      <td className="num" data-count="delivered" data-label="Delivered">
        {formatCount(delivered)}
      </td>
      <td className="num" data-count="failed" data-label="Failed">
        {formatCount(campaign.failed_deliveries)}
      </td>
      <td className="num" data-count="replies" data-label="Replies">
        {formatCount(campaign.responses)}
        <small>{delivered > 0 && ` ${percentOf(campaign.responses, delivered)}`}</small>
      </td>
      <td className="num" data-count="opted_out" data-label="Opted out">
        {formatCount(campaign.unsubscribes)}
      </td>
    </tr>
  );
}
