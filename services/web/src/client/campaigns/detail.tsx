import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { errorMessage, errorStatus, v1 } from "../api.js";
import { useLiveState } from "../app/live-context.js";
import { fullTime, shortTime } from "../format.js";
import { ModalDialog } from "../ui/dialog.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import { SelectField } from "../ui/select-field.js";
import {
  ACTIONS_FROM,
  campaignCounts,
  formatCount,
  RECIPIENT_STATE_LABEL,
  STATUS_LABEL,
  skipReasonLabel,
} from "./counts.js";
import { knownFilter, RECIPIENT_FILTERS, setRecipientFilter } from "./recipient-filters.js";
import type { Campaign, CampaignRecipient } from "./types.js";
import { channelName, useCampaign, useChannels } from "./use-campaigns.js";

const LIMIT = 50;
type Action = "pause" | "resume" | "cancel";
const ACTION_LABEL: Record<Action, string> = { pause: "Pause", resume: "Resume", cancel: "Cancel campaign" };

/** `/app/campaigns/:id`: status and counts (live), pause / resume / cancel, each recipient's state. */
export function CampaignDetail() {
  const { id = "" } = useParams();
  const campaign = useCampaign(id);
  const channels = useChannels();
  const live = useLiveState();
  if (campaign.error)
    return (
      <section className="page campaigns">
        <PageHeader title="Campaign" />
        <ErrorNote error={campaign.error} />
        <Link to="/campaigns">All campaigns</Link>
      </section>
    );
  if (!campaign.data)
    return (
      <section className="page campaigns">
        <p className="hint">Loading…</p>
      </section>
    );
  const c = campaign.data;
  return (
    <section className="page campaigns">
      <PageHeader title={c.title}>
        <span className={`live-dot ${live}`}>{live === "live" ? "Live" : "Connecting"}</span>
        <span className={`pill campaign-status ${c.status}`} data-status={c.status}>
          {STATUS_LABEL[c.status]}
        </span>
        <Actions campaign={c} />
      </PageHeader>
      <p className="hint campaign-meta">
        {channelName(channels.data, c.channel_id, c.from)} ·{" "}
        {c.schedule_at ? `scheduled for ${fullTime(c.schedule_at)}` : "sent when started"} · window{" "}
        {c.sending_window.start}–{c.sending_window.end}
        {c.started_at && ` · started ${fullTime(c.started_at)}`}
        {c.completed_at && ` · ended ${fullTime(c.completed_at)}`}
        {!c.audience_loaded && c.status !== "draft" && " · still reading the audience"}
      </p>
      <div className="stat-row">
        {campaignCounts(c).map((cell) => (
          <div className="stat" key={cell.key} data-count={cell.key}>
            <strong>{formatCount(cell.value)}</strong>
            <span>
              {cell.label}
              {cell.rate && <small> · {cell.rate}</small>}
            </span>
          </div>
        ))}
      </div>
      {c.body && (
        <div className="card">
          <h2>Message</h2>
          {c.subject && <p className="subject">{c.subject}</p>}
          <p className="sample-text">{c.body}</p>
        </div>
      )}
      <Recipients campaign={c} />
    </section>
  );
}

function Actions({ campaign }: { campaign: Campaign }) {
  const client = useQueryClient();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const act = useMutation({
    mutationFn: async (action: Action) =>
      (await v1.post<{ data: Campaign }>(`/campaigns/${campaign.id}/${action}`, {})).data,
    onSuccess: (changed) => {
      client.setQueryData(["campaign", changed.id], changed);
      void client.invalidateQueries({ queryKey: ["campaigns"] });
    },
    // A 409 means it moved on meanwhile (finished, paused elsewhere): show where it stands now.
    onError: () => void client.invalidateQueries({ queryKey: ["campaign", campaign.id] }),
  });
  const can = (action: Action) => ACTIONS_FROM[action].includes(campaign.status);
  return (
    <>
      {campaign.status === "draft" && (
        <>
          <Link className="secondary button-link" to={`/campaigns/new?draft=${campaign.id}`}>
            Edit draft
          </Link>
          <Link className="primary button-link" to={`/campaigns/new?draft=${campaign.id}&step=preview`}>
            Preview and send
          </Link>
        </>
      )}
      {can("pause") && (
        <button
          type="button"
          className="secondary"
          onClick={() => act.mutate("pause")}
          disabled={act.isPending}
        >
          Pause
        </button>
      )}
      {can("resume") && (
        <button
          type="button"
          className="primary"
          onClick={() => act.mutate("resume")}
          disabled={act.isPending}
        >
          Resume
        </button>
      )}
      {can("cancel") && (
        <button type="button" className="secondary danger" onClick={() => setConfirmCancel(true)}>
          Cancel campaign
        </button>
      )}
      {act.error !== null && (
        <p className="form-error action-error" role="alert">
          {errorStatus(act.error) === 409
            ? `Could not ${ACTION_LABEL[act.variables ?? "pause"].toLowerCase()}: ${errorMessage(act.error)}. It changed meanwhile; the page now shows where it stands.`
            : errorMessage(act.error)}
        </p>
      )}
      <ModalDialog
        title="Cancel this campaign?"
        isOpen={confirmCancel}
        onClose={() => setConfirmCancel(false)}
      >
        <p>
          Recipients still waiting are skipped; messages already handed over still go out. This cannot be
          undone.
        </p>
        <div className="wizard-actions">
          <button type="button" className="secondary" onClick={() => setConfirmCancel(false)}>
            Keep it
          </button>
          <button
            type="button"
            className="primary danger"
            onClick={() => {
              setConfirmCancel(false);
              act.mutate("cancel");
            }}
          >
            Cancel campaign
          </button>
        </div>
      </ModalDialog>
    </>
  );
}

function Recipients({ campaign }: { campaign: Campaign }) {
  const [params, setParams] = useSearchParams();
  const filter = knownFilter(params.get("filter"));
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const set = (change: { filter?: string; offset?: number }) => {
    const next = new URLSearchParams(params);
    if (change.filter !== undefined) {
      if (change.filter === "all") next.delete("filter");
      else next.set("filter", change.filter);
      next.delete("offset");
    }
    if (change.offset !== undefined) {
      if (change.offset) next.set("offset", String(change.offset));
      else next.delete("offset");
    }
    setParams(next, { replace: true });
  };
  const query = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
  setRecipientFilter(query, filter);
  const recipients = useQuery({
    queryKey: ["campaign-recipients", campaign.id, query.toString()],
    queryFn: () =>
      v1.get<{ data: CampaignRecipient[]; total: number }>(`/campaigns/${campaign.id}/contacts?${query}`),
    placeholderData: (previous) => previous,
  });
  return (
    <div className="card recipients">
      <div className="recipients-head">
        <h2>Recipients</h2>
        <SelectField
          label="Show"
          options={RECIPIENT_FILTERS}
          value={filter}
          onChange={(value) => set({ filter: value })}
        />
      </div>
      <ErrorNote error={recipients.error} />
      {recipients.data?.data.length === 0 && (
        <p className="empty">
          {campaign.status === "draft"
            ? "Recipients are stored when the campaign is sent."
            : "No recipient here."}
        </p>
      )}
      {recipients.data && recipients.data.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table stacked">
            <thead>
              <tr>
                <th scope="col">Recipient</th>
                <th scope="col">State</th>
                <th scope="col">Reply</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {recipients.data.data.map((r) => (
                <RecipientRow key={r.id} recipient={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {recipients.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          total={recipients.data.total}
          onOffset={(next) => set({ offset: next })}
        />
      )}
    </div>
  );
}

function RecipientRow({ recipient: r }: { recipient: CampaignRecipient }) {
  return (
    <tr data-recipient={r.id} data-state={r.recipient_state}>
      <th scope="row">
        <span className="recipient-name">{r.name || r.phone || r.email || "Unknown contact"}</span>
        {r.name && <span className="hint">{r.phone ?? r.email}</span>}
      </th>
      <td data-label="State">
        <span className={`state ${r.recipient_state}`}>{RECIPIENT_STATE_LABEL[r.recipient_state]}</span>
        {r.skip_reason && <span className="hint"> · {skipReasonLabel(r.skip_reason)}</span>}
        {r.not_before && <span className="hint"> · not before {fullTime(r.not_before)}</span>}
      </td>
      <td data-label="Reply">
        {r.responded_at && <span className="chip">Replied {shortTime(r.responded_at)}</span>}
        {r.unsubscribed_at && <span className="chip">Opted out</span>}
        {r.clicked_at && <span className="chip">Clicked</span>}
        {r.conversation_id && (
          <Link to={`/inbox/${r.conversation_id}`} className="conversation-link">
            {r.responded_at ? "Open the reply" : "Open conversation"}
            <span className="sr-only"> with {r.name || r.phone || r.email}</span>
          </Link>
        )}
      </td>
      <td data-label="Updated">
        <time dateTime={r.updated_at}>{shortTime(r.updated_at)}</time>
      </td>
    </tr>
  );
}
