import {
  CHANNEL_SCOPE_HEADER,
  channelScopeHeader,
  currentContext,
  INTERNAL_TOKEN_HEADER,
  ORGANIZATION_HEADER,
  REQUEST_ID_HEADER,
  TRACEPARENT_HEADER,
  USER_ID_HEADER,
} from "@relay/service-kit";
import { API_KEY_HEADER } from "../auth/extract-key.js";

/** Headers that describe one connection, not the message: never passed through a proxy. */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  // 100-continue is negotiated per hop: the gateway has already read the whole body.
  "expect",
];

/** Never forwarded upstream: the hop's own, and what the gateway sets itself. */
const NOT_FORWARDED = new Set([
  ...HOP_BY_HOP,
  INTERNAL_TOKEN_HEADER,
  ORGANIZATION_HEADER,
  REQUEST_ID_HEADER,
  // The gateway's own span replaces the client's (same trace id), see request-context.ts.
  TRACEPARENT_HEADER,
  USER_ID_HEADER,
  CHANNEL_SCOPE_HEADER,
  API_KEY_HEADER,
  "accept-encoding",
  // undici frames the buffered body itself; a client's length may not match it after re-reading.
  "content-length",
]);

/** Names a `Connection` header lists: hop-by-hop too (RFC 9110 §7.6.1). */
function connectionNames(value: string | undefined): string[] {
  return value ? value.split(",").map((name) => name.trim().toLowerCase()) : [];
}

export interface UpstreamIdentity {
  requestId: string;
  internalToken: string;
  /** Set for `/v1`: the organization the API key belongs to. Absent for `/admin`. */
  organizationId?: string;
  /** Set for `/v1` with a web session: the user it acts for. */
  userId?: number;
  /** Set for `/v1` with an agent's session: the only channels the upstream may act on. */
  channelIds?: readonly string[];
  /**
   * `/admin` passes the operator's `Authorization` on, `/app` the web session's cookie too;
   * `/v1` never forwards credentials (neither header nor cookie).
   */
  keepAuthorization: boolean;
}

/**
 * What an upstream receives, as undici's flat `[name, value, …]` list: the client's headers
 * (`pairs`, the same flat list, e.g. Node's `rawHeaders`) minus anything it could use to pose as
 * the gateway or another organization, plus the gateway's own identity headers.
 */
export function upstreamRequestHeaders(pairs: readonly string[], identity: UpstreamIdentity): string[] {
  let connection: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    if (pairs[i]?.toLowerCase() === "connection")
      connection = connection.concat(connectionNames(pairs[i + 1]));
  }
  const headers: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const name = (pairs[i] ?? "").toLowerCase();
    if (NOT_FORWARDED.has(name) || connection.includes(name)) continue;
    if ((name === "authorization" || name === "cookie") && !identity.keepAuthorization) continue;
    headers.push(name, pairs[i + 1] ?? "");
  }
  headers.push(INTERNAL_TOKEN_HEADER, identity.internalToken, REQUEST_ID_HEADER, identity.requestId);
  if (identity.organizationId) headers.push(ORGANIZATION_HEADER, identity.organizationId);
  const context = currentContext();
  if (context) headers.push(TRACEPARENT_HEADER, context.traceparent);
  if (identity.userId !== undefined) headers.push(USER_ID_HEADER, String(identity.userId));
  if (identity.channelIds) headers.push(CHANNEL_SCOPE_HEADER, channelScopeHeader(identity.channelIds));
  // Answers pass through byte for byte and are never decoded here: keep the internal hop plain.
  headers.push("accept-encoding", "identity");
  return headers;
}

/** A `Headers` as the same flat list (requests not served by Node, e.g. `app.request()`). */
export function headerPairs(headers: Headers): string[] {
  const pairs: string[] = [];
  headers.forEach((value, name) => {
    pairs.push(name, value);
  });
  return pairs;
}

/** What the client receives of an upstream's answer (undici's record; its bytes pass as they came). */
export function clientResponseHeaders(record: Record<string, string | string[] | undefined>): Headers {
  const connection = connectionNames(
    Array.isArray(record.connection) ? record.connection.join(",") : record.connection,
  );
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || HOP_BY_HOP.includes(name) || connection.includes(name)) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.append(name, value);
  }
  return headers;
}
