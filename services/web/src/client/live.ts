import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { applyCampaignEvent, CAMPAIGN_EVENT_TYPES } from "./campaigns/live.js";

export type LiveState = "connecting" | "live" | "offline";

/** What an event changes: the list, and the thread and conversation it names. */
function apply(
  client: QueryClient,
  type: string,
  data: { id: string; conversation_id?: string; campaign_id?: string; contact_id?: string },
) {
  if (type.startsWith("campaign")) return applyCampaignEvent(client, data);
  // The contact's consent and its history (both keyed under `["preferences", contactId]`).
  if (type === "consent.changed") {
    void client.invalidateQueries({ queryKey: ["preferences", data.contact_id] });
    return;
  }
  void client.invalidateQueries({ queryKey: ["conversations"] });
  if (type.startsWith("message.") && data.conversation_id) {
    void client.invalidateQueries({ queryKey: ["messages", data.conversation_id] });
  }
  if (type.startsWith("conversation.")) {
    void client.invalidateQueries({ queryKey: ["conversation", data.id] });
  }
}

/**
 * The session's live stream: the browser's EventSource reconnects by itself and sends
 * `Last-Event-ID`, so nothing is missed across a drop; each event refreshes what it touches.
 */
export function useLiveEvents(onSessionEnded: () => void): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource("/app/api/events");
    const handle = (event: MessageEvent<string>) => apply(client, event.type, JSON.parse(event.data));
    for (const type of [
      "message.created",
      "message.updated",
      "conversation.created",
      "conversation.updated",
      "consent.changed",
      ...CAMPAIGN_EVENT_TYPES,
    ]) {
      source.addEventListener(type, handle as EventListener);
    }
    source.addEventListener("ready", () => setState("live"));
    source.addEventListener("session.ended", () => {
      source.close();
      onSessionEnded();
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => source.close();
  }, [client, onSessionEnded]);
  return state;
}
