import { INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER, REQUEST_ID_HEADER } from "@relay/service-kit";
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
];

function withoutHopByHop(source: Headers): Headers {
  const headers = new Headers(source);
  const named = source.get("connection")?.split(",") ?? [];
  for (const name of [...HOP_BY_HOP, ...named.map((n) => n.trim().toLowerCase())]) {
    if (name) headers.delete(name);
  }
  return headers;
}

export interface UpstreamIdentity {
  requestId: string;
  internalToken: string;
  /** Set for `/v1`: the organization the API key belongs to. Absent for `/admin`. */
  organizationId?: string;
  /** `/admin` passes the operator's `Authorization` on; `/v1` never forwards credentials. */
  keepAuthorization: boolean;
}

/**
 * What an upstream receives: the client's headers minus anything it could use to pose as the
 * gateway or another organization, plus the gateway's own identity headers.
 */
export function upstreamRequestHeaders(incoming: Headers, identity: UpstreamIdentity): Headers {
  const headers = withoutHopByHop(incoming);
  for (const name of [INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER, REQUEST_ID_HEADER, API_KEY_HEADER]) {
    headers.delete(name);
  }
  if (!identity.keepAuthorization) headers.delete("authorization");
  headers.set(INTERNAL_TOKEN_HEADER, identity.internalToken);
  headers.set(REQUEST_ID_HEADER, identity.requestId);
  if (identity.organizationId) headers.set(ORGANIZATION_HEADER, identity.organizationId);
  // fetch would inflate a compressed answer but keep its content-encoding header: ask for none.
  headers.set("accept-encoding", "identity");
  return headers;
}

/** What the client receives from an upstream's answer. */
export function clientResponseHeaders(upstream: Headers): Headers {
  const headers = withoutHopByHop(upstream);
  if (headers.has("content-encoding")) {
    // fetch has already decoded the body, so its encoding and length no longer hold.
    headers.delete("content-encoding");
    headers.delete("content-length");
  }
  return headers;
}
