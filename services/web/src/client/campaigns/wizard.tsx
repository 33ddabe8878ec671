import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Checkbox, CheckboxGroup, Label } from "react-aria-components";
import { Link, useSearchParams } from "react-router";
import { fieldError, v1 } from "../api.js";
import { CHANNEL_LABEL } from "../format.js";
import type { List } from "../types.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { SelectField } from "../ui/select-field.js";
import {
  CAMPAIGN_TYPE_OF_CHANNEL,
  type CampaignForm,
  campaignBody,
  draftUpdateBody,
  EMPTY_FORM,
  formFromCampaign,
  TEMPLATE_VARIABLES,
} from "./form.js";
import { PreviewStep } from "./preview.js";
import type { Campaign, MessageTemplate, Tag } from "./types.js";
import { useCampaign, useChannels } from "./use-campaigns.js";

/**
 * `/app/campaigns/new`: the message, audience and schedule (`?draft=<id>` once saved, so a
 * reload keeps the draft), then the preview (`&step=preview`) before sending. Saving creates
 * the draft (`POST /v1/campaigns`) or edits it (`PUT`); the API's 422s show at their field.
 */
export function CampaignWizard() {
  const [params, setParams] = useSearchParams();
  const draftId = params.get("draft") ?? undefined;
  const step = params.get("step") === "preview" && draftId ? "preview" : "compose";
  const draft = useCampaign(draftId);
  const go = (next: { draft?: string; step?: string }) => {
    const search = new URLSearchParams();
    const id = next.draft ?? draftId;
    if (id) search.set("draft", id);
    if (next.step) search.set("step", next.step);
    setParams(search);
  };
  const notDraft = draft.data && draft.data.status !== "draft";
  return (
    <section className="page campaigns wizard">
      <PageHeader title={draftId ? "Edit campaign draft" : "New campaign"}>
        <Link className="secondary button-link" to="/campaigns">
          All campaigns
        </Link>
      </PageHeader>
      <ol className="wizard-steps" aria-label="Steps">
        <li aria-current={step === "compose" ? "step" : undefined}>1. Message, audience and schedule</li>
        <li aria-current={step === "preview" ? "step" : undefined}>2. Preview and send</li>
      </ol>
      <ErrorNote error={draft.error} />
      {notDraft && (
        <p className="note" role="status">
          This campaign is no longer a draft. <Link to={`/campaigns/${draftId}`}>See how it is going</Link>.
        </p>
      )}
      {draftId && draft.isPending && <p className="hint">Loading the draft…</p>}
      {!notDraft && (!draftId || draft.data) && step === "compose" && (
        <ComposeStep
          key={draftId ?? "new"}
          stored={draft.data}
          onSaved={(campaign) => go({ draft: campaign.id, step: "preview" })}
        />
      )}
      {!notDraft && draft.data && step === "preview" && (
        <PreviewStep campaign={draft.data} onEdit={() => go({ step: "" })} />
      )}
    </section>
  );
}

function ComposeStep({ stored, onSaved }: { stored: Campaign | undefined; onSaved: (c: Campaign) => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState<CampaignForm>(() => (stored ? formFromCampaign(stored) : EMPTY_FORM));
  const set = (change: Partial<CampaignForm>) => setForm((f) => ({ ...f, ...change }));
  const channels = useChannels();
  const tags = useQuery({
    queryKey: ["tags"],
    queryFn: async () => (await v1.get<List<Tag>>("/tags?limit=100")).data,
    staleTime: 60_000,
  });
  const templates = useQuery({
    queryKey: ["templates", "campaign"],
    queryFn: async () =>
      (await v1.get<List<MessageTemplate>>("/automations/templates?archived=false&limit=100")).data,
    staleTime: 60_000,
  });
  const channel = channels.data?.find((c) => c.id === form.channel_id);
  // A new campaign starts on the organization's first channel.
  useEffect(() => {
    const first = channels.data?.[0];
    if (!form.channel_id && first)
      setForm((f) => ({ ...f, channel_id: first.id, type: CAMPAIGN_TYPE_OF_CHANNEL[first.type] ?? "sms" }));
  }, [channels.data, form.channel_id]);

  const save = useMutation({
    mutationFn: async () => {
      if (!stored) return (await v1.post<{ data: Campaign }>("/campaigns", campaignBody(form))).data;
      return (await v1.put<{ data: Campaign }>(`/campaigns/${stored.id}`, draftUpdateBody(form, stored)))
        .data;
    },
    onSuccess: (campaign) => {
      client.setQueryData(["campaign", campaign.id], campaign);
      void client.invalidateQueries({ queryKey: ["campaigns"] });
      void client.invalidateQueries({ queryKey: ["campaign-preview", campaign.id] });
      onSaved(campaign);
    },
  });
  const error = (field: string) => fieldError(save.error, field);

  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const insert = (text: string) => {
    const area = bodyRef.current;
    const at = area?.selectionStart ?? form.body.length;
    const end = area?.selectionEnd ?? at;
    set({ body: `${form.body.slice(0, at)}${text}${form.body.slice(end)}` });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + text.length, at + text.length);
    });
  };
  const usable = (templates.data ?? []).filter(
    (t) => t.channel_type === null || t.channel_type === channel?.type,
  );

  return (
    <form
      className="wizard-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="card">
        <h2>Campaign</h2>
        <div className="form-grid">
          <Field label="Title" error={error("title")}>
            {(id, describedBy) => (
              <input
                id={id}
                aria-describedby={describedBy}
                aria-invalid={Boolean(error("title"))}
                value={form.title}
                onChange={(e) => set({ title: e.target.value })}
              />
            )}
          </Field>
          <SelectField
            label="Channel"
            options={(channels.data ?? []).map((c) => ({
              id: c.id,
              label: `${c.name} · ${CHANNEL_LABEL[c.type] ?? c.type} ${c.phone ?? c.address ?? ""}`.trim(),
            }))}
            value={form.channel_id}
            onChange={(id) => {
              const next = channels.data?.find((c) => c.id === id);
              set({
                channel_id: id,
                type: next ? (CAMPAIGN_TYPE_OF_CHANNEL[next.type] ?? "sms") : form.type,
              });
            }}
            error={error("channel_id") ?? error("from") ?? error("type")}
          />
        </div>
      </div>

      <div className="card">
        <h2>Audience</h2>
        <p className="hint">Every filter given must match; contacts listed below are added to them.</p>
        <CheckboxGroup
          className="field tag-picker"
          value={form.tag_ids}
          onChange={(tag_ids) => set({ tag_ids })}
          isInvalid={Boolean(error("audience.tag_ids"))}
        >
          <Label>Tags (any of)</Label>
          <div className="tag-options">
            {(tags.data ?? []).map((tag) => (
              <Checkbox key={tag.id} value={tag.id} className="tag-option">
                <span className="check" aria-hidden="true" />
                {tag.name}
              </Checkbox>
            ))}
            {tags.data?.length === 0 && <span className="hint">No tags yet.</span>}
          </div>
          {error("audience.tag_ids") && <span className="field-error">{error("audience.tag_ids")}</span>}
        </CheckboxGroup>
        <div className="form-grid">
          <Field label="Contact ids" hint="One per line" error={error("audience.contact_ids")}>
            {(id, describedBy) => (
              <textarea
                id={id}
                rows={3}
                aria-describedby={describedBy}
                value={form.contact_ids}
                onChange={(e) => set({ contact_ids: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Properties"
            hint="key=value per line, e.g. city=Dallas"
            error={error("audience.properties")}
          >
            {(id, describedBy) => (
              <textarea
                id={id}
                rows={3}
                aria-describedby={describedBy}
                value={form.properties}
                onChange={(e) => set({ properties: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Add contacts"
            hint={
              (stored?.audience.contacts ?? 0) > 0
                ? `This draft has ${stored?.audience.contacts} contacts added; changing the audience replaces them.`
                : "One per line: phone or email, then a name (+15555550201, Ana Lopez)"
            }
            error={error("audience.contacts") ?? error("audience")}
          >
            {(id, describedBy) => (
              <textarea
                id={id}
                rows={3}
                aria-describedby={describedBy}
                value={form.contacts}
                onChange={(e) => set({ contacts: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="form-grid">
          <Field
            label="Leave out contacts sent a campaign in the last (days)"
            error={error("audience.exclude.campaigns_within_days")}
          >
            {(id, describedBy) => (
              <input
                id={id}
                inputMode="numeric"
                aria-describedby={describedBy}
                value={form.campaigns_within_days}
                onChange={(e) => set({ campaigns_within_days: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Leave out contacts who wrote in the last (hours)"
            error={error("audience.exclude.replied_within_hours")}
          >
            {(id, describedBy) => (
              <input
                id={id}
                inputMode="numeric"
                aria-describedby={describedBy}
                value={form.replied_within_hours}
                onChange={(e) => set({ replied_within_hours: e.target.value })}
              />
            )}
          </Field>
        </div>
      </div>

      <div className="card">
        <h2>Message</h2>
        {usable.length > 0 && (
          <SelectField
            label="Start from a saved template"
            options={usable.map((t) => ({ id: t.id, label: t.title }))}
            value=""
            placeholder="Choose a template…"
            onChange={(id) => {
              const chosen = usable.find((t) => t.id === id);
              if (chosen) set({ body: chosen.message });
            }}
          />
        )}
        {form.type === "email" && (
          <Field label="Subject" error={error("subject")}>
            {(id, describedBy) => (
              <input
                id={id}
                aria-describedby={describedBy}
                value={form.subject}
                onChange={(e) => set({ subject: e.target.value })}
              />
            )}
          </Field>
        )}
        <fieldset className="variables">
          <legend className="hint">Insert a variable:</legend>
          {TEMPLATE_VARIABLES.map((v) => (
            <button type="button" key={v.label} className="chip" onClick={() => insert(v.insert)}>
              {v.label}
            </button>
          ))}
        </fieldset>
        <Field
          label="Message"
          hint="Variables: {{contact.first_name}}, {{contact.properties.city}}…; filters default, upcase, downcase, capitalize, strip, truncate."
          error={error("body")}
        >
          {(id, describedBy) => (
            <textarea
              id={id}
              ref={bodyRef}
              rows={5}
              aria-describedby={describedBy}
              aria-invalid={Boolean(error("body"))}
              value={form.body}
              onChange={(e) => set({ body: e.target.value })}
            />
          )}
        </Field>
        <label className="checkbox-line">
          <input
            type="checkbox"
            checked={form.track_links}
            onChange={(e) => set({ track_links: e.target.checked })}
          />
          Track link clicks (links are rewritten per recipient)
        </label>
      </div>

      <div className="card">
        <h2>Schedule</h2>
        <div className="form-grid">
          <Field label="Send at" hint="Empty: as soon as it is sent" error={error("schedule_at")}>
            {(id, describedBy) => (
              <input
                id={id}
                type="datetime-local"
                aria-describedby={describedBy}
                value={form.schedule_at}
                onChange={(e) => set({ schedule_at: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Sending window opens"
            hint="In each recipient's own time zone"
            error={error("sending_window.start") ?? error("sending_window")}
          >
            {(id, describedBy) => (
              <input
                id={id}
                type="time"
                aria-describedby={describedBy}
                value={form.window_start}
                onChange={(e) => set({ window_start: e.target.value })}
              />
            )}
          </Field>
          <Field label="Sending window closes" error={error("sending_window.end")}>
            {(id, describedBy) => (
              <input
                id={id}
                type="time"
                aria-describedby={describedBy}
                value={form.window_end}
                onChange={(e) => set({ window_end: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Count replies for (hours)"
            hint="Replies and opt-outs this long after a message"
            error={error("attribution_window_hours")}
          >
            {(id, describedBy) => (
              <input
                id={id}
                inputMode="numeric"
                aria-describedby={describedBy}
                value={form.attribution_window_hours}
                onChange={(e) => set({ attribution_window_hours: e.target.value })}
              />
            )}
          </Field>
        </div>
      </div>

      <ErrorNote error={save.error} />
      <div className="wizard-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : stored ? "Save and preview" : "Save draft and preview"}
        </button>
      </div>
    </form>
  );
}

/** A labelled input with its hint and the API's error for it (announced, and described by both). */
function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = `f-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
