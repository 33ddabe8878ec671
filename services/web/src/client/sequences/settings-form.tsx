import { useQuery } from "@tanstack/react-query";
import { fieldError, v1 } from "../api.js";
import type { Channel, List } from "../types.js";
import { Checkbox, Choice, ListInput, TextInput } from "./fields.js";
import { newUid, type SequenceDraft, type SettingsDraft, type TriggerDraft } from "./form.js";

const RE_ENTRY = [
  { id: "allow", label: "Always (another run)" },
  { id: "skip_if_active", label: "Not while a run is active" },
  { id: "skip_if_ever", label: "Never again" },
];
const ON_TAKEOVER = [
  { id: "pause", label: "Pause the run until handed back" },
  { id: "stop", label: "Stop the run" },
];
const TRIGGER_TYPES = [
  { id: "tag_added", label: "A tag is added" },
  { id: "keyword", label: "A keyword comes in" },
  { id: "custom_event", label: "A custom event" },
];

function usePhoneChannels() {
  return useQuery({
    queryKey: ["channels", "all"],
    queryFn: () => v1.get<List<Channel>>("/channels?limit=500"),
    select: (list) => list.data.filter((channel) => channel.type === "phone"),
  });
}

/** The sequence's name and the line its texts go out on. */
export function SequenceFields(props: {
  draft: SequenceDraft;
  onChange: (draft: SequenceDraft) => void;
  error: unknown;
}) {
  const channels = usePhoneChannels();
  const { draft } = props;
  return (
    <div className="form-grid">
      <TextInput
        label="Name"
        value={draft.title}
        onChange={(title) => props.onChange({ ...draft, title: title ?? "" })}
        error={fieldError(props.error, "title")}
      />
      <Choice
        label="Send from"
        value={draft.channel_id}
        options={(channels.data ?? []).map((c) => ({ id: c.id, label: `${c.name} (${c.phone ?? ""})` }))}
        onChange={(channel_id) => props.onChange({ ...draft, channel_id: channel_id ?? "" })}
        emptyLabel="The oldest phone line"
        error={fieldError(props.error, "channel_id") ?? fieldError(props.error, "from")}
      />
    </div>
  );
}

/** How runs behave: replies, re-entry, a person taking over, quiet hours, and what enrolls contacts. */
export function SettingsForm(props: {
  settings: SettingsDraft;
  onChange: (settings: SettingsDraft) => void;
  error: unknown;
}) {
  const { settings, onChange } = props;
  const at = (field: string) => fieldError(props.error, `settings.${field}`);
  const quiet = settings.quiet_hours;
  return (
    <div className="form-grid">
      <Checkbox
        label="Stop a run when the contact replies outside a wait"
        checked={settings.stop_on_reply}
        onChange={(stop_on_reply) => onChange({ ...settings, stop_on_reply })}
      />
      <Choice
        label="Enroll a contact again"
        value={settings.re_entry}
        options={RE_ENTRY}
        onChange={(value) =>
          onChange({ ...settings, re_entry: (value ?? "allow") as SettingsDraft["re_entry"] })
        }
        error={at("re_entry")}
      />
      <Choice
        label="When a person takes over"
        value={settings.on_takeover}
        options={ON_TAKEOVER}
        onChange={(value) =>
          onChange({ ...settings, on_takeover: (value ?? "pause") as SettingsDraft["on_takeover"] })
        }
        error={at("on_takeover")}
      />
      <fieldset className="quiet-hours">
        <legend>Quiet hours</legend>
        <Checkbox
          label="Send only within a daily window"
          checked={quiet !== null}
          onChange={(on) =>
            onChange({ ...settings, quiet_hours: on ? { start: "08:00", end: "21:00" } : null })
          }
        />
        {quiet && (
          <div className="inline-fields">
            <TimeInput
              label="From"
              value={quiet.start}
              onChange={(start) => onChange({ ...settings, quiet_hours: { ...quiet, start } })}
              error={at("quiet_hours.start") ?? at("quiet_hours")}
            />
            <TimeInput
              label="Until"
              value={quiet.end}
              onChange={(end) => onChange({ ...settings, quiet_hours: { ...quiet, end } })}
              error={at("quiet_hours.end")}
            />
          </div>
        )}
        <span className="hint">On the clock of the channel's time zone.</span>
      </fieldset>
      <Triggers
        triggers={settings.triggers}
        onChange={(triggers) => onChange({ ...settings, triggers })}
        error={props.error}
      />
    </div>
  );
}

function TimeInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <label className="field">
      {props.label}
      <input
        type="time"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && <span className="field-error">{props.error}</span>}
    </label>
  );
}

function Triggers(props: {
  triggers: TriggerDraft[];
  onChange: (triggers: TriggerDraft[]) => void;
  error: unknown;
}) {
  const tags = useQuery({
    queryKey: ["tags", "all"],
    queryFn: () => v1.get<List<{ id: string; name: string }>>("/tags?limit=500"),
  });
  const channels = usePhoneChannels();
  const set = (uid: string, trigger: TriggerDraft) =>
    props.onChange(props.triggers.map((old) => (old.uid === uid ? trigger : old)));
  return (
    <fieldset className="triggers wide">
      <legend>Triggers: enroll contacts by themselves while active</legend>
      {props.triggers.length === 0 && (
        <p className="hint">None: contacts are enrolled by hand or by the API.</p>
      )}
      {props.triggers.map((trigger, t) => {
        const at = (field: string) => fieldError(props.error, `settings.triggers.${t}.${field}`);
        return (
          <div className="rule" key={trigger.uid}>
            <span className="rule-number">Trigger {t + 1}</span>
            <Choice
              label="When"
              value={trigger.type}
              options={TRIGGER_TYPES}
              onChange={(type) =>
                type && set(trigger.uid, { uid: trigger.uid, type: type as TriggerDraft["type"] })
              }
              error={at("type")}
            />
            {trigger.type === "tag_added" && (
              <Choice
                label="Tag"
                value={trigger.tag_id}
                options={(tags.data?.data ?? []).map((tag) => ({ id: tag.id, label: tag.name }))}
                onChange={(tag_id) => set(trigger.uid, { ...trigger, tag_id })}
                emptyLabel="Choose a tag"
                error={at("tag_id")}
              />
            )}
            {trigger.type === "keyword" && (
              <>
                <ListInput
                  label="Keywords"
                  value={trigger.keywords}
                  onChange={(keywords) => set(trigger.uid, { ...trigger, keywords })}
                  error={at("keywords")}
                />
                <Choice
                  label="On the channel"
                  value={trigger.channel_id}
                  options={(channels.data ?? []).map((c) => ({ id: c.id, label: c.name }))}
                  onChange={(channel_id) => set(trigger.uid, { ...trigger, channel_id })}
                  emptyLabel="Any channel"
                  error={at("channel_id")}
                />
              </>
            )}
            {trigger.type === "custom_event" && (
              <TextInput
                label="Event name"
                value={trigger.event}
                onChange={(event) => set(trigger.uid, { ...trigger, event })}
                error={at("event")}
              />
            )}
            <button
              type="button"
              className="link danger"
              onClick={() => props.onChange(props.triggers.filter((old) => old.uid !== trigger.uid))}
            >
              Remove trigger {t + 1}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => props.onChange([...props.triggers, { uid: newUid(), type: "keyword" }])}
      >
        Add a trigger
      </button>
    </fieldset>
  );
}
