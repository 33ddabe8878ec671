import { Pool } from "undici";
import type { ServiceName } from "./routing-table.js";

/** A service the gateway forwards to, reached through one pool of keep-alive connections. */
export interface Upstream {
  service: ServiceName;
  /** The base URL's own path (usually empty), put before each forwarded path. */
  basePath: string;
  pool: Pool;
}

/** Each service's upstream; undefined when that service is not deployed. */
export type Upstreams = Record<ServiceName, Upstream | undefined>;

/** Built once at start: connections are reused across requests and organizations. */
export function createUpstreams(urls: Record<ServiceName, string | undefined>): Upstreams {
  const entries = Object.entries(urls).map(([service, url]) => {
    if (!url) return [service, undefined];
    const { origin, pathname } = new URL(url);
    const upstream: Upstream = {
      service: service as ServiceName,
      basePath: pathname.replace(/\/+$/, ""),
      pool: new Pool(origin),
    };
    return [service, upstream];
  });
  return Object.fromEntries(entries) as Upstreams;
}

/** Closes every pool once its requests are done (the HTTP server has stopped taking new ones). */
export async function closeUpstreams(upstreams: Upstreams): Promise<void> {
  await Promise.all(Object.values(upstreams).map((upstream) => upstream?.pool.close()));
}
