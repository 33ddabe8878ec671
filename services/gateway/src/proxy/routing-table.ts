/** The services the gateway forwards to. */
export type ServiceName =
  | "core"
  | "conversations"
  | "phone"
  | "email"
  | "whatsapp"
  | "campaigns"
  | "sequences"
  | "webhooks"
  | "web";

export interface RouteRule {
  /** Leading path segments after `/v1`; `*` matches any one segment (an id). */
  prefix: readonly string[];
  service: ServiceName;
}

/**
 * Who owns which public path, first match wins: consent lives in conversations, a contact's timeline
 * of custom events in webhooks and the campaigns that reached a contact in campaigns, though their paths
 * sit under a contact, so those rules come before `/contacts`; an SMS campaign is the campaigns
 * service's although it sits under `/messaging`.
 */
export const ROUTING_TABLE: readonly RouteRule[] = [
  { prefix: ["contacts", "*", "communication_preferences"], service: "conversations" },
  { prefix: ["contacts", "*", "sequences"], service: "sequences" },
  { prefix: ["contacts", "*", "events"], service: "webhooks" },
  { prefix: ["contacts", "*", "campaigns"], service: "campaigns" },
  { prefix: ["contacts"], service: "core" },
  { prefix: ["channels"], service: "core" },
  { prefix: ["users"], service: "core" },
  { prefix: ["teams"], service: "core" },
  { prefix: ["tags"], service: "core" },
  { prefix: ["custom_objects"], service: "core" },
  { prefix: ["automations", "templates"], service: "core" },
  { prefix: ["api_keys"], service: "core" },
  { prefix: ["organization"], service: "core" },
  { prefix: ["messaging", "sms", "campaign"], service: "campaigns" },
  { prefix: ["campaigns"], service: "campaigns" },
  { prefix: ["sequences"], service: "sequences" },
  { prefix: ["developers"], service: "webhooks" },
  { prefix: ["custom_events"], service: "webhooks" },
  { prefix: ["messaging"], service: "conversations" },
  { prefix: ["messages"], service: "conversations" },
  { prefix: ["conversations"], service: "conversations" },
  { prefix: ["leads"], service: "conversations" },
];

/**
 * The service owning a raw (still percent-encoded) `/v1/...` path, or undefined.
 * Matching whole segments means `/v1/contactsX` is nobody's and an encoded `/` is no separator.
 */
export function serviceFor(pathname: string, table: readonly RouteRule[] = ROUTING_TABLE) {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  if (segments[0] !== "v1") return undefined;
  const rest = segments.slice(1);
  const rule = table.find(
    ({ prefix }) =>
      rest.length >= prefix.length && prefix.every((part, i) => part === "*" || part === rest[i]),
  );
  return rule?.service;
}
