import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type RefObject, useState } from "react";
import { Tab, TabList, TabPanel, Tabs } from "react-aria-components";
import { errorMessage, fieldError, v1 } from "../api.js";
import { CHANNEL_LABEL, smsSegments } from "../format.js";
import type { Conversation, List, MessageTemplate } from "../types.js";
import { SelectField } from "../ui/select-field.js";
import { buildNote, buildSend, type Draft, EMPTY_DRAFT } from "./compose.js";
import type { WindowState } from "./whatsapp-window.js";

/** The organization's saved messages for this channel (and those for any channel). */
function useSavedMessages(channelType: Conversation["channel_type"]) {
  return useQuery({
    queryKey: ["templates", channelType],
    queryFn: () => v1.get<List<MessageTemplate>>("/automations/templates?archived=false&limit=100"),
    select: (list) => list.data.filter((t) => t.channel_type === null || t.channel_type === channelType),
    staleTime: 300_000,
  });
}

function FieldNote({ error, field }: { error: unknown; field: string }) {
  const message = fieldError(error, field);
  return message ? (
    <span className="field-error" role="alert">
      {field}: {message}
    </span>
  ) : null;
}

/**
 * Reply and Note tabs. The reply's fields follow the channel (email: subject and cc; WhatsApp
 * outside its window: a template); any reply can wait for a time and carry attachment URLs.
 */
export function Composer(props: {
  conversation: Conversation;
  parties: { from: string; to: string } | undefined;
  window: WindowState | undefined;
  refusal: string | undefined;
  composerRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { conversation, parties } = props;
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const saved = useSavedMessages(conversation.channel_type);
  const channelType = conversation.channel_type;
  const email = channelType === "email";
  const needsTemplate = channelType === "whatsapp" && props.window?.open === false;
  const template = draft.template ?? { name: "", language: "en_US", parameters: "" };
  const savedTemplates = (saved.data ?? []).filter((t) => t.channel_type === "whatsapp");
  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await work());
      await client.invalidateQueries({ queryKey: ["messages", conversation.id] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!parties || props.refusal) return;
    const request = buildSend(channelType, parties, {
      ...draft,
      template: needsTemplate ? template : undefined,
    });
    void run(async () => {
      await v1.post(request.path, request.body);
      setDraft(EMPTY_DRAFT);
      return request.body.schedule_at ? "Scheduled." : "Sent.";
    });
  };

  const addNote = (event: FormEvent) => {
    event.preventDefault();
    if (!parties || !note.trim()) return;
    void run(async () => {
      await v1.post("/messaging/note", buildNote(parties, note));
      setNote("");
      return "Note added.";
    });
  };

  const segments = smsSegments(draft.body);
  const canSend = needsTemplate
    ? template.name.trim() !== ""
    : draft.body.trim() !== "" || draft.attachments !== "";
  const unexplained = error ? errorMessage(error) : undefined;
  return (
    <Tabs className="composer-tabs" onSelectionChange={() => setError(undefined)}>
      <TabList aria-label="Compose" className="composer-tablist">
        <Tab id="reply" className="composer-tab">
          Reply
        </Tab>
        <Tab id="note" className="composer-tab">
          Note
        </Tab>
      </TabList>
      <TabPanel id="reply">
        <form className="composer" onSubmit={send} aria-label="Reply">
          {email && (
            <div className="composer-row">
              <input
                className="subject-input"
                placeholder="Subject"
                aria-label="Subject"
                value={draft.subject}
                onChange={(e) => change({ subject: e.target.value })}
                disabled={Boolean(props.refusal)}
              />
              <input
                className="subject-input"
                placeholder="Cc"
                aria-label="Cc"
                value={draft.cc}
                onChange={(e) => change({ cc: e.target.value })}
                disabled={Boolean(props.refusal)}
              />
              <FieldNote error={error} field="subject" />
              <FieldNote error={error} field="cc" />
            </div>
          )}
          {needsTemplate ? (
            <fieldset className="template-picker">
              <legend>WhatsApp template (the 24-hour window is closed)</legend>
              {savedTemplates.length > 0 && (
                <SelectField
                  label="Saved template"
                  placeholder="Use a saved one…"
                  value=""
                  options={savedTemplates.map((t) => ({ id: t.id, label: t.title }))}
                  onChange={(id) => {
                    const picked = savedTemplates.find((t) => t.id === id);
                    if (picked) change({ template: { ...template, name: picked.title } });
                  }}
                />
              )}
              <input
                aria-label="Template name"
                placeholder="Template name, e.g. shift_offer"
                value={template.name}
                onChange={(e) => change({ template: { ...template, name: e.target.value } })}
              />
              <input
                aria-label="Template language"
                value={template.language}
                onChange={(e) => change({ template: { ...template, language: e.target.value } })}
              />
              <input
                aria-label="Template parameters"
                placeholder="Body parameters, comma-separated"
                value={template.parameters}
                onChange={(e) => change({ template: { ...template, parameters: e.target.value } })}
              />
              <FieldNote error={error} field="template" />
            </fieldset>
          ) : (
            <textarea
              ref={props.composerRef}
              placeholder={
                props.refusal ? "This contact opted out" : `Reply by ${CHANNEL_LABEL[channelType]}…`
              }
              aria-label="Message"
              value={draft.body}
              rows={3}
              disabled={Boolean(props.refusal)}
              onChange={(e) => change({ body: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) send(e);
                if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
              }}
            />
          )}
          <FieldNote error={error} field="body" />
          <details className="composer-more">
            <summary>Attachments and schedule</summary>
            <label className="field">
              <span>Attachment URLs (one per line)</span>
              <textarea
                rows={2}
                value={draft.attachments}
                onChange={(e) => change({ attachments: e.target.value })}
                disabled={Boolean(props.refusal)}
              />
            </label>
            <FieldNote error={error} field="attachments" />
            <label className="field">
              <span>Send later</span>
              <input
                type="datetime-local"
                value={draft.scheduleAt}
                onChange={(e) => change({ scheduleAt: e.target.value })}
                disabled={Boolean(props.refusal)}
              />
            </label>
            <FieldNote error={error} field="schedule_at" />
          </details>
          <div className="composer-bar">
            {!needsTemplate && (saved.data?.length ?? 0) > 0 && (
              <SelectField
                label="Saved reply"
                placeholder="Insert…"
                value=""
                isDisabled={Boolean(props.refusal)}
                onChange={(id) => {
                  const picked = saved.data?.find((t) => t.id === id);
                  if (picked)
                    change({
                      body: picked.message,
                      ...(picked.attachments?.length && { attachments: picked.attachments.join("\n") }),
                    });
                }}
                options={(saved.data ?? []).map((t) => ({ id: t.id, label: t.title }))}
              />
            )}
            <span className="counter">
              {channelType === "phone" && draft.body
                ? `${draft.body.length} characters · ${segments} segment${segments === 1 ? "" : "s"}`
                : `To ${parties?.to ?? "—"}`}
            </span>
            {unexplained && (
              <span className="form-error" role="alert">
                {unexplained}
              </span>
            )}
            {done && <output className="composer-done">{done}</output>}
            <button type="submit" className="primary" disabled={busy || Boolean(props.refusal) || !canSend}>
              {busy ? "Sending…" : draft.scheduleAt ? "Schedule" : "Send"}
            </button>
          </div>
        </form>
      </TabPanel>
      <TabPanel id="note">
        <form className="composer note-composer" onSubmit={addNote} aria-label="Internal note">
          <textarea
            aria-label="Note for your team"
            placeholder="Only your team sees notes"
            value={note}
            rows={3}
            onChange={(e) => setNote(e.target.value)}
          />
          <FieldNote error={error} field="body" />
          <div className="composer-bar">
            <span className="counter">Never sent to the contact</span>
            {unexplained && (
              <span className="form-error" role="alert">
                {unexplained}
              </span>
            )}
            {done && <output className="composer-done">{done}</output>}
            <button type="submit" className="primary" disabled={busy || !note.trim()}>
              Add note
            </button>
          </div>
        </form>
      </TabPanel>
    </Tabs>
  );
}
