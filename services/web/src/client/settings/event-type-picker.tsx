import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { webApi } from "../api.js";
import { ErrorNote } from "../ui/page.js";
import { EVERY_EVENT, groupEventTypes, isCovered, toggleEventType } from "./webhook-form.js";

function Check(props: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled ?? false}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

/** The event types an endpoint subscribes to, ticked from the server's list; the API's 422 under it. */
export function EventTypePicker(props: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const names = useQuery({
    queryKey: ["webhook-event-types"],
    queryFn: () => webApi.get<{ data: string[] }>("/webhook_event_types").then((r) => r.data),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const every = props.value.includes(EVERY_EVENT);
  const toggle = (value: string) => (on: boolean) => props.onChange(toggleEventType(props.value, value, on));
  return (
    <fieldset className="event-types wide" aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>Event types</legend>
      <Check label="Every event (*)" checked={every} onChange={toggle(EVERY_EVENT)} />
      <ErrorNote error={names.error} />
      <div className="event-groups">
        {groupEventTypes(names.data ?? []).map((group) => (
          <fieldset key={group.resource} className="event-group">
            <legend>{group.resource}</legend>
            <Check
              label={`All ${group.resource} events (${group.wildcard})`}
              checked={isCovered(props.value, group.wildcard)}
              disabled={every}
              onChange={toggle(group.wildcard)}
            />
            {group.names.map((name) => (
              <Check
                key={name}
                label={name}
                checked={isCovered(props.value, name)}
                disabled={every || props.value.includes(group.wildcard)}
                onChange={toggle(name)}
              />
            ))}
          </fieldset>
        ))}
      </div>
      {props.error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}
