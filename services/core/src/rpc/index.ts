import type { Subscription } from "@nats-io/transport-node";
import type { Bus } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { apiKeyRpc } from "./api-keys.js";
import { channelLookupRpc } from "./channel-lookup.js";
import { channelLookupEmailRpc } from "./channel-lookup-email.js";
import { channelLookupWhatsAppRpc } from "./channel-lookup-whatsapp.js";
import { channelRpc } from "./channels.js";
import { contactRpc } from "./contacts.js";
import { contactAudienceRpc } from "./contacts-audience.js";
import { contactResolveManyRpc } from "./contacts-resolve-many.js";
import { conversationsRpc } from "./conversations.js";
import { messageTemplateRpc } from "./message-templates.js";
import { tagRpc } from "./tags.js";

/** Answers other services' synchronous questions (NATS request-reply). */
export function startRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    ...apiKeyRpc(deps, bus),
    ...channelRpc(deps, bus),
    ...channelLookupRpc(deps, bus),
    ...channelLookupEmailRpc(deps, bus),
    ...channelLookupWhatsAppRpc(deps, bus),
    ...contactRpc(deps, bus),
    ...contactResolveManyRpc(deps, bus),
    ...contactAudienceRpc(deps, bus),
    ...conversationsRpc(deps, bus),
    ...messageTemplateRpc(deps, bus),
    ...tagRpc(deps, bus),
  ];
}
