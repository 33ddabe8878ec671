/**
 * The stack's one topology: every service, its port, whom it calls, what else it listens on.
 * `pnpm start` (scripts/stack/settings.ts), the compose file (checked against this by
 * tests/e2e/test/compose.test.ts) and `pnpm build` all read it. Adding a service is one entry
 * in SERVICES, in start order (a service starts after the services it calls).
 */
export interface ServiceNode {
  name: string;
  /** Its HTTP port by default; `pnpm start` reads `<NAME>_PORT` to move it. */
  port: number;
  /** Services it calls over HTTP: it gets `<NAME>_URL` for each. */
  calls: readonly string[];
  /** The gateway forwards public routes to it (and so gets its `<NAME>_URL`). */
  public: boolean;
  /** Other ports it listens on: setting of the launcher → the service's own setting, and its default. */
  listens?: ReadonlyArray<{ setting: string; serviceSetting: string; port: number }>;
}

export const SERVICES = [
  { name: "core", port: 8081, calls: [], public: true },
  { name: "conversations", port: 8082, calls: [], public: true },
  { name: "phone", port: 8083, calls: [], public: true },
  {
    name: "email",
    port: 8084,
    calls: [],
    public: true,
    listens: [{ setting: "SMTP_PORT", serviceSetting: "SMTP_PORT", port: 2526 }],
  },
  { name: "whatsapp", port: 8085, calls: [], public: true },
  { name: "campaigns", port: 8086, calls: ["conversations"], public: true },
  { name: "sequences", port: 8087, calls: ["conversations"], public: true },
  { name: "webhooks", port: 8088, calls: [], public: true },
  { name: "web", port: 8089, calls: ["core"], public: true },
  { name: "gateway", port: 8080, calls: [], public: false },
] as const satisfies readonly ServiceNode[];

export type ServiceName = (typeof SERVICES)[number]["name"];

/** The gateway is the only public entry; it forwards to every service marked public. */
export const GATEWAY = "gateway" satisfies ServiceName;

/** `<NAME>_PORT`, the launcher's setting for a service's port. */
export function portSetting(name: string): string {
  return `${name.toUpperCase()}_PORT`;
}

/** `<NAME>_URL`, the setting through which a caller reaches a service. */
export function urlSetting(name: string): string {
  return `${name.toUpperCase()}_URL`;
}

/** The services a service calls over HTTP: its own `calls`, and for the gateway every public one. */
export function upstreamsOf(service: ServiceNode): string[] {
  if (service.name === GATEWAY) return SERVICES.filter((s) => s.public).map((s) => s.name);
  return [...service.calls];
}

/** The `<NAME>_URL` settings of a service's upstreams, for a given way to address a service. */
export function upstreamEnv(
  service: ServiceNode,
  address: (upstream: ServiceNode) => string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of upstreamsOf(service)) {
    const upstream = SERVICES.find((s) => s.name === name) as ServiceNode;
    env[urlSetting(name)] = address(upstream);
  }
  return env;
}

/** The ports one instance of a service listens on: HTTP, and each of its `listens` by setting. */
export interface InstancePorts {
  http: number;
  /** By the launcher's setting (`SMTP_PORT`); unset ones take the topology's default. */
  listens?: Readonly<Record<string, number>>;
}

/**
 * The settings an instance of a service takes from the topology: its own ports (`PORT` and its
 * extra listeners' service settings) and how it reaches each upstream (`<NAME>_URL`). `pnpm start`
 * runs one instance of each service; the scale-out test runs several on one machine, so each
 * instance gets ports of its own and its upstreams are addressed through a load balancer.
 */
export function instanceEnv(
  service: ServiceNode,
  ports: InstancePorts,
  address: (upstream: ServiceNode) => string,
): Record<string, string> {
  const env: Record<string, string> = { PORT: String(ports.http), ...upstreamEnv(service, address) };
  for (const listen of service.listens ?? [])
    env[listen.serviceSetting] = String(ports.listens?.[listen.setting] ?? listen.port);
  return env;
}

/** Where a service's code starts (`pnpm start` runs it with tsx; `pnpm build` bundles it). */
export function entryOf(name: string): string {
  return `services/${name}/src/main.ts`;
}
