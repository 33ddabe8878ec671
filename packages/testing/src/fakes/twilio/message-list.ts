import { type FakeMessage, messageJson } from "./message-resource.js";

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * `GET …/Messages.json` as Twilio answers it: filtered by `To`, `From` and `DateSent` (a UTC
 * day; `DateSent<` / `DateSent>` for ranges; a message not sent yet has no date_sent and never
 * matches), newest first, in pages of `PageSize` (default 50) with Twilio's paging fields.
 */
export function messagePage(url: URL, newestFirst: FakeMessage[]): Record<string, unknown> {
  const q = url.searchParams;
  const to = q.get("To");
  const from = q.get("From");
  const on = q.get("DateSent");
  const before = q.get("DateSent<");
  const after = q.get("DateSent>");
  const matching = newestFirst.filter((message) => {
    if (to && message.to !== to) return false;
    if (from && message.from !== from) return false;
    if (!on && !before && !after) return true;
    if (!message.dateSent) return false;
    const sent = day(message.dateSent);
    return (!on || sent === on) && (!before || sent <= before) && (!after || sent >= after);
  });
  const pageSize = Math.min(1000, Math.max(1, Number(q.get("PageSize") ?? 50) || 50));
  const page = Math.max(0, Number(q.get("Page") ?? 0) || 0);
  const items = matching.slice(page * pageSize, (page + 1) * pageSize);
  const pageUri = (n: number) => {
    const next = new URLSearchParams(q);
    next.set("Page", String(n));
    next.set("PageSize", String(pageSize));
    return `${url.pathname}?${next.toString()}`;
  };
  const hasNext = (page + 1) * pageSize < matching.length;
  return {
    messages: items.map(messageJson),
    start: page * pageSize,
    end: page * pageSize + Math.max(0, items.length - 1),
    page,
    page_size: pageSize,
    uri: pageUri(page),
    first_page_uri: pageUri(0),
    next_page_uri: hasNext ? pageUri(page + 1) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
  };
}
