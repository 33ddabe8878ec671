import type { ChannelSettings, OpeningHour, Weekday } from "./types.js";

export const WEEKDAYS: Weekday[] = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];

export interface DayForm {
  weekday: Weekday;
  open: boolean;
  opens_at: string;
  closes_at: string;
}

/** The channel editor's state: text as typed (the API checks it), hours one row per weekday. */
export interface ChannelForm {
  name: string;
  timezone: string;
  send_rate: string;
  automatic_response_open: string;
  automatic_response_closed: string;
  /** No opening hours at all: the channel is always open. */
  always_open: boolean;
  days: DayForm[];
}

/** The form for a channel: a weekday without an open range shows closed, 09:00–17:00 ready to tick. */
export function channelToForm(channel: ChannelSettings): ChannelForm {
  return {
    name: channel.name,
    timezone: channel.timezone,
    send_rate: String(channel.send_rate),
    automatic_response_open: channel.automatic_response_open ?? "",
    automatic_response_closed: channel.automatic_response_closed ?? "",
    always_open: channel.opening_hours.length === 0,
    days: WEEKDAYS.map((weekday) => {
      const hour = channel.opening_hours.find((h) => h.weekday === weekday && h.state === "open");
      return {
        weekday,
        open: Boolean(hour),
        opens_at: hour?.opens_at ?? "09:00",
        closes_at: hour?.closes_at ?? "17:00",
      };
    }),
  };
}

/**
 * `PUT /v1/channels/{id}`'s body. Every weekday is sent, in order (so a 422 at
 * `opening_hours.2.opens_at` is Wednesday's); an empty reply clears it (`null`); a send rate
 * that is not a number goes as it is read and the API names the field.
 */
export function channelUpdate(form: ChannelForm): Record<string, unknown> {
  const hours: Array<Omit<OpeningHour, "id">> = form.always_open
    ? []
    : form.days.map((day) => ({
        weekday: day.weekday,
        opens_at: day.opens_at,
        closes_at: day.closes_at,
        state: day.open ? "open" : "closed",
      }));
  const rate = form.send_rate.trim();
  return {
    name: form.name,
    timezone: form.timezone,
    ...(rate !== "" && { send_rate: Number.isFinite(Number(rate)) ? Number(rate) : rate }),
    automatic_response_open: form.automatic_response_open.trim() || null,
    automatic_response_closed: form.automatic_response_closed.trim() || null,
    opening_hours: hours,
  };
}

/** The 422 field of a weekday's time (`opening_hours.<index>.<part>`), as `channelUpdate` numbers them. */
export const dayField = (weekday: Weekday, part: "opens_at" | "closes_at") =>
  `opening_hours.${WEEKDAYS.indexOf(weekday)}.${part}`;

/** "Mon 09:00–17:00, Tue 09:00–17:00" for the list; no hours at all is always open. */
export function hoursSummary(channel: Pick<ChannelSettings, "opening_hours">): string {
  const open = channel.opening_hours.filter((h) => h.state === "open");
  if (channel.opening_hours.length === 0) return "Always open";
  if (open.length === 0) return "Never open";
  return open.map((h) => `${h.weekday.slice(0, 3)} ${h.opens_at}–${h.closes_at}`).join(", ");
}
