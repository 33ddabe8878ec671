import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { type ApiError, fieldError, v1 } from "../api.js";
import { ErrorNote } from "../ui/page.js";
import { ChannelAccess } from "./channel-access.js";
import { type ChannelForm, channelToForm, channelUpdate, type DayForm, dayField } from "./channel-form.js";
import { Field } from "./field.js";
import type { ChannelSettings } from "./types.js";

/** `/app/settings/channels/:id`: name, time zone, opening hours, automatic replies, send rate, who may use it. */
export function ChannelEditor() {
  const { id = "" } = useParams();
  const channel = useQuery({
    queryKey: ["settings", "channel", id],
    queryFn: async () => (await v1.get<{ data: ChannelSettings }>(`/channels/${id}`)).data,
  });
  return (
    <div>
      <p>
        <Link to=".." relative="path" className="link">
          ← All channels
        </Link>
      </p>
      <ErrorNote error={channel.error} />
      {channel.data && <ChannelSettingsForm channel={channel.data} />}
      {channel.data && <ChannelAccess channelId={channel.data.id} />}
    </div>
  );
}

function ChannelSettingsForm({ channel }: { channel: ChannelSettings }) {
  const client = useQueryClient();
  const [form, setForm] = useState<ChannelForm>(() => channelToForm(channel));
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(channelToForm(channel)), [channel]);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      v1.put<{ data: ChannelSettings }>(`/channels/${channel.id}`, body),
    onSuccess: async ({ data }) => {
      client.setQueryData(["settings", "channel", channel.id], data);
      await client.invalidateQueries({ queryKey: ["settings", "channels"] });
      await client.invalidateQueries({ queryKey: ["channels"] });
      setSaved(true);
    },
  });
  const set = (change: Partial<ChannelForm>) => {
    setSaved(false);
    setForm((current) => ({ ...current, ...change }));
  };
  const setDay = (index: number, change: Partial<DayForm>) =>
    set({ days: form.days.map((day, i) => (i === index ? { ...day, ...change } : day)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(channelUpdate(form));
  };
  const error = (field: string) => fieldError(save.error, field);
  const failure = save.error as unknown as ApiError | null;
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="channel-title">
      <h2 id="channel-title">{channel.name}</h2>
      <div className="form-grid">
        <Field label="Name" error={error("name")}>
          {(props) => <input {...props} value={form.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label="Time zone" error={error("timezone")} hint="An IANA name, such as America/New_York">
          {(props) => (
            <input {...props} value={form.timezone} onChange={(e) => set({ timezone: e.target.value })} />
          )}
        </Field>
        <Field label="Send rate (messages per second)" error={error("send_rate")}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={form.send_rate}
              onChange={(e) => set({ send_rate: e.target.value })}
            />
          )}
        </Field>
      </div>

      <fieldset className="hours">
        <legend>Opening hours</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.always_open}
            onChange={(e) => set({ always_open: e.target.checked })}
          />
          Always open
        </label>
        {!form.always_open && (
          <div className="hours-grid">
            {form.days.map((day, index) => (
              <div key={day.weekday} className="hours-row">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={day.open}
                    onChange={(e) => setDay(index, { open: e.target.checked })}
                  />
                  {day.weekday}
                </label>
                <Field label={`${day.weekday} opens`} error={error(dayField(day.weekday, "opens_at"))}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      disabled={!day.open}
                      value={day.opens_at}
                      onChange={(e) => setDay(index, { opens_at: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={`${day.weekday} closes`} error={error(dayField(day.weekday, "closes_at"))}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      disabled={!day.open}
                      value={day.closes_at}
                      onChange={(e) => setDay(index, { closes_at: e.target.value })}
                    />
                  )}
                </Field>
              </div>
            ))}
          </div>
        )}
      </fieldset>

      <div className="form-grid wide">
        <Field
          label="Automatic reply while open"
          error={error("automatic_response_open")}
          hint="Sent to a contact who writes during opening hours; empty sends nothing."
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={form.automatic_response_open}
              onChange={(e) => set({ automatic_response_open: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="Automatic reply while closed"
          error={error("automatic_response_closed")}
          hint="Sent to a contact who writes outside opening hours."
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={form.automatic_response_closed}
              onChange={(e) => set({ automatic_response_closed: e.target.value })}
            />
          )}
        </Field>
      </div>
      <ErrorNote error={failure && !failure.details ? failure : undefined} />
      {failure?.details && (
        <p className="form-error" role="alert">
          Some fields need a fix: see below each one.
        </p>
      )}
      <div className="toolbar form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save channel"}
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}
