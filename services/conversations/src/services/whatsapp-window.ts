import type { WhatsAppDetails } from "@relay/domain";
import type { Kysely } from "kysely";
import type { ConsentKey } from "../db/consents.js";
import { lastInboundAt } from "../db/messages.js";
import type { ConversationsDB } from "../db/schema.js";
import { RecipientRefused } from "./recipient-refused.js";

/** Meta's customer-service window: free-form messages only this long after the contact last wrote. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const OUTSIDE_WINDOW_ERROR_CODE = "outside_window";
export const OUTSIDE_WINDOW_MESSAGE = "outside the 24-hour customer service window: send a template";

/** Is `at` within 24 hours of the contact's last inbound message on the channel? Never wrote → no. */
export async function withinWindow(
  db: Kysely<ConversationsDB>,
  key: ConsentKey,
  at: Date = new Date(),
): Promise<boolean> {
  const last = await lastInboundAt(db, key);
  return last !== undefined && at.getTime() - last.getTime() < CUSTOMER_SERVICE_WINDOW_MS;
}

/** 422 naming `body` when a free-form message would go out outside the window. */
export async function assertWithinWindow(db: Kysely<ConversationsDB>, key: ConsentKey): Promise<void> {
  if (!(await withinWindow(db, key)))
    throw RecipientRefused.about("outside_window", "body", OUTSIDE_WINDOW_MESSAGE);
}

type WhatsAppMediaType = NonNullable<WhatsAppDetails["media_type"]>;

const BY_EXTENSION: Record<string, WhatsAppMediaType> = {
  jpg: "image",
  jpeg: "image",
  png: "image",
  gif: "image",
  webp: "image",
  mp4: "video",
  mp3: "audio",
  ogg: "audio",
  m4a: "audio",
};

/** The media type Meta is told, from the URL path's extension; anything else is a document. */
export function mediaTypeOf(url: string): WhatsAppMediaType {
  const extension = new URL(url).pathname.split(".").pop()?.toLowerCase() ?? "";
  return BY_EXTENSION[extension] ?? "document";
}
