import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { portSetting, SERVICES, type ServiceNode, upstreamsOf, urlSetting } from "../../../topology/index.js";
import { root } from "./start-stack.js";

/**
 * There is no Docker engine here, so the compose file is checked as data against the
 * topology: every service present, built from the one Dockerfile, with its port, the URLs of
 * the services it calls, a healthcheck on its /readyz, and started only after PostgreSQL, NATS
 * and its upstreams are healthy; secrets required, images pinned.
 */
interface ComposeService {
  image?: string;
  build?: { args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}
const compose = parse(readFileSync(join(root, "infra/compose.yaml"), "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const REQUIRED = /^\$\{[A-Z_]+:\?[^}]+\}$/;

describe("infra/compose.yaml", () => {
  it.each(SERVICES.map((s) => [s.name, s] as const))("runs %s as the topology declares it", (name, node) => {
    const service = compose.services[name] as ComposeService;
    expect(service, `${name} is missing`).toBeDefined();
    expect(service.build?.args?.SERVICE).toBe(name);
    const env = service.environment ?? {};
    expect(env.PORT).toBe(String(node.port));
    expect(env.HOST).toBe("0.0.0.0");
    for (const upstream of upstreamsOf(node as ServiceNode)) {
      const port = SERVICES.find((s) => s.name === upstream)?.port;
      expect(env[urlSetting(upstream)], `${name}'s ${urlSetting(upstream)}`).toBe(
        `http://${upstream}:${port}`,
      );
      expect(service.depends_on?.[upstream]?.condition).toBe("service_healthy");
    }
    for (const listen of (node as ServiceNode).listens ?? [])
      expect(env[listen.serviceSetting]).toBe(String(listen.port));
    for (const infra of ["postgres", "nats"])
      expect(service.depends_on?.[infra]?.condition).toBe("service_healthy");
    expect(service.healthcheck?.test.join(" ")).toContain(`http://127.0.0.1:${node.port}/readyz`);
    // Secrets have no defaults.
    expect(env.INTERNAL_TOKEN).toMatch(REQUIRED);
    expect(env.NATS_PASSWORD).toMatch(REQUIRED);
    expect(env.DATABASE_URL).toContain("${POSTGRES_PASSWORD:?");
    expect(env.NATS_USER).toBeDefined();
  });

  it("has nothing the topology does not know, and only the gateway (and inbound SMTP) published", () => {
    const names = Object.keys(compose.services).sort();
    expect(names).toEqual([...SERVICES.map((s) => s.name), "postgres", "nats"].sort());
    for (const [name, service] of Object.entries(compose.services))
      if (service.ports) expect(["gateway", "email"], name).toContain(name);
    expect(portSetting("gateway")).toBe("GATEWAY_PORT");
  });

  it("requires core's admin token and credentials key, and checks PostgreSQL and NATS", () => {
    const core = compose.services.core?.environment ?? {};
    expect(core.ADMIN_TOKEN).toMatch(REQUIRED);
    expect(core.CREDENTIALS_KEY).toMatch(REQUIRED);
    // Webhooks seals endpoint signing secrets with the same key.
    expect(compose.services.webhooks?.environment?.CREDENTIALS_KEY).toMatch(REQUIRED);
    // Sequences seals each sequence's webhook signing secret with it too.
    expect(compose.services.sequences?.environment?.CREDENTIALS_KEY).toMatch(REQUIRED);
    expect(compose.services.postgres?.healthcheck?.test).toContain("pg_isready");
    expect(compose.services.nats?.healthcheck?.test.join(" ")).toContain("/healthz");
  });

  it("pins every image to a full version", () => {
    for (const name of ["postgres", "nats"])
      expect(compose.services[name]?.image, name).toMatch(/:\d+\.\d+\.?\d*-[a-z0-9.]+$/);
    const dockerfile = readFileSync(join(root, "infra/Dockerfile"), "utf8");
    for (const from of dockerfile.match(/^FROM .+$/gm) ?? []) expect(from).toMatch(/:\d+\.\d+\.\d+-/);
  });

  it("builds compiled JavaScript, runs it as a non-root user with production dependencies only", () => {
    const dockerfile = readFileSync(join(root, "infra/Dockerfile"), "utf8");
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/pnpm build/);
    expect(dockerfile).toMatch(/deploy --prod/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/main\.js"\]$/m);
    expect(dockerfile).not.toMatch(/tsx/);
    const ignore = readFileSync(join(root, ".dockerignore"), "utf8");
    for (const entry of ["**/node_modules", ".git", ".local"]) expect(ignore).toContain(entry);
  });
});
