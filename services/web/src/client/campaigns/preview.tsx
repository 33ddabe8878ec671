import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { fieldError, v1 } from "../api.js";
import { fullTime } from "../format.js";
import { ErrorNote } from "../ui/page.js";
import { formatCount, formatDuration, skipReasonLabel } from "./counts.js";
import type { Campaign } from "./types.js";
import { usePreview } from "./use-campaigns.js";

/**
 * The wizard's last step: `GET /v1/campaigns/{id}/preview` (who would receive it after consent
 * and exclusions, samples as they go out, segments, when it would finish), then "Send". The
 * API decides what may be sent: a variable some recipients lack is its 422, shown here.
 */
export function PreviewStep({ campaign, onEdit }: { campaign: Campaign; onEdit: () => void }) {
  const preview = usePreview(campaign.id, true);
  const client = useQueryClient();
  const navigate = useNavigate();
  const send = useMutation({
    mutationFn: async () => (await v1.post<{ data: Campaign }>(`/campaigns/${campaign.id}/send`, {})).data,
    onSuccess: (sent) => {
      client.setQueryData(["campaign", sent.id], sent);
      void client.invalidateQueries({ queryKey: ["campaigns"] });
      navigate(`/campaigns/${sent.id}`);
    },
  });
  const data = preview.data;
  const missing = Object.entries(data?.missing_variables ?? {});
  const excluded = Object.entries(data?.excluded ?? {}).filter(([, n]) => n > 0);
  const sendRefusal = fieldError(send.error, "body");
  return (
    <div className="preview">
      <ErrorNote error={preview.error} />
      {preview.isPending && <p className="hint">Reading the audience…</p>}
      {data && (
        <>
          <div className="stat-row">
            <div className="stat">
              <strong data-preview="recipients">{formatCount(data.recipients)}</strong>
              <span>Will receive it</span>
            </div>
            <div className="stat">
              <strong>{formatCount(data.audience)}</strong>
              <span>In the audience</span>
            </div>
            <div className="stat">
              <strong>{formatCount(data.audience - data.recipients)}</strong>
              <span>Left out</span>
            </div>
            {data.segments && (
              <div className="stat">
                <strong>{formatCount(data.segments.total)}</strong>
                <span>
                  SMS segments ({data.segments.per_message} per message, {data.segments.encoding})
                </span>
              </div>
            )}
            <div className="stat">
              <strong>{formatDuration(data.estimated_duration_seconds)}</strong>
              <span>At {formatCount(data.send_rate)}/s</span>
            </div>
          </div>
          <div className="card">
            <h2>When</h2>
            <p>
              Starts {fullTime(data.estimated_start)}, finishes about {fullTime(data.estimated_finish)}{" "}
              (sending window {campaign.sending_window.start}–{campaign.sending_window.end}, estimated in{" "}
              {data.estimate_time_zone}; each recipient waits for their own zone).
            </p>
          </div>
          {missing.length > 0 && (
            <div className="card warning" role="alert">
              <h2>Missing variables</h2>
              <p>
                Some recipients have no value for a variable without a default; the send is refused until the
                message gives it a default or the contacts get a value.
              </p>
              <ul>
                {missing.map(([variable, count]) => (
                  <li key={variable}>
                    <code>{variable}</code>: {formatCount(count)} recipient{count === 1 ? "" : "s"}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {(excluded.length > 0 || data.duplicates > 0) && (
            <div className="card">
              <h2>Left out</h2>
              <ul className="exclusions">
                {excluded.map(([reason, count]) => (
                  <li key={reason}>
                    {skipReasonLabel(reason)}: <strong>{formatCount(count)}</strong>
                  </li>
                ))}
                {data.duplicates > 0 && (
                  <li>
                    Named twice (counted once): <strong>{formatCount(data.duplicates)}</strong>
                  </li>
                )}
              </ul>
            </div>
          )}
          <div className="card">
            <h2>Samples</h2>
            {data.samples.length === 0 && <p className="hint">Nobody would receive this campaign.</p>}
            <ul className="samples">
              {data.samples.map((sample) => (
                <li key={sample.contact_id}>
                  <p className="sample-to">
                    {sample.name ? `${sample.name} · ` : ""}
                    {sample.to}
                    {sample.segments !== undefined &&
                      ` · ${sample.segments} segment${sample.segments === 1 ? "" : "s"}`}
                  </p>
                  <p className="sample-text">{sample.text}</p>
                </li>
              ))}
            </ul>
          </div>
        </>
      )}
      {send.error !== null && (
        <p className="form-error" role="alert">
          {sendRefusal
            ? `Not sent: ${sendRefusal}`
            : `Not sent: ${(send.error as { message?: string }).message}`}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" className="secondary" onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => send.mutate()}
          disabled={send.isPending || !data}
        >
          {send.isPending ? "Sending…" : campaign.schedule_at ? "Schedule" : "Send"}
        </button>
      </div>
    </div>
  );
}
