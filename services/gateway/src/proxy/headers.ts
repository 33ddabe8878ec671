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
  // 100-continue is negotiated per hop: the gateway has already read the whole body.
  "expect",
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
  // Answers pass through byte for byte and are never decoded here: keep the internal hop plain.
  headers.set("accept-encoding", "identity");
  return headers;
}

/** What the client receives from an upstream's answer (its bytes pass through as they came). */
export function clientResponseHeaders(upstream: Headers): Headers {
  return withoutHopByHop(upstream);
}

/** undici's header record (repeated headers as arrays) as `Headers`. */
export function headersFromRecord(record: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, one);
    }
  }
  return headers;
}
