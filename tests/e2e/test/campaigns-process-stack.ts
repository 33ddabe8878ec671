import { resolve } from "node:path";
import { createOrganization, type Organization } from "@relay/local-stack";
import {
  dropSchemas,
  TEST_ADMIN_TOKEN,
  TEST_CREDENTIALS_KEY,
  TEST_INTERNAL_TOKEN,
  testDatabaseUrl,
  testNatsUrl,
  uniqueName,
  waitFor,
} from "@relay/testing";
import type { ServiceSpec } from "../../../scripts/stack/settings.js";
import { Supervisor } from "../../../scripts/stack/supervisor.js";
import { freePortBlock } from "./start-stack.js";

export type SupervisedService = "core" | "conversations" | "phone" | "campaigns" | "gateway";
const ORDER: SupervisedService[] = ["core", "conversations", "phone", "campaigns", "gateway"];
const root = resolve(import.meta.dirname, "../../..");

/**
 * The services a phone campaign needs, each its own process under `pnpm start`'s supervisor (so
 * a service killed with kill -9 is restarted as in production), on their own schemas, NATS
 * namespace and ports; phone talks to the test's Twilio fake.
 */
export class SupervisedStack {
  readonly gatewayUrl: string;
  private readonly lines: string[] = [];
  private readonly supervisor: Supervisor;

  private constructor(
    private readonly specs: ServiceSpec[],
    private readonly schemas: Record<SupervisedService, string>,
    shared: Record<string, string>,
  ) {
    this.gatewayUrl = `http://127.0.0.1:${this.portOf("gateway")}`;
    this.supervisor = new Supervisor({ env: shared, log: (line) => this.lines.push(line) });
  }

  static async start(
    twilioUrl: string,
    extra: Partial<Record<SupervisedService, Record<string, string>>> = {},
  ): Promise<SupervisedStack> {
    const base = await freePortBlock(ORDER.length);
    const port = (name: SupervisedService) => base + ORDER.indexOf(name);
    const local = (name: SupervisedService) => `http://127.0.0.1:${port(name)}`;
    const schemas = Object.fromEntries(
      ORDER.map((name) => [name, uniqueName(`campcrash_${name}`)]),
    ) as Record<SupervisedService, string>;
    const own: Record<SupervisedService, Record<string, string>> = {
      core: {},
      conversations: { SCHEDULER_INTERVAL_MS: "100" },
      phone: { TWILIO_API_URL: twilioUrl, TWILIO_SANDBOX_API_URL: twilioUrl },
      campaigns: { CONVERSATIONS_URL: local("conversations") },
      gateway: {
        CORE_URL: local("core"),
        CONVERSATIONS_URL: local("conversations"),
        PHONE_URL: local("phone"),
        CAMPAIGNS_URL: local("campaigns"),
        RATE_LIMIT_PER_SECOND: "1000",
        RATE_LIMIT_BURST: "1000",
      },
    };
    const specs = ORDER.map((name) => ({
      name,
      port: port(name),
      entry: resolve(root, `services/${name}/src/main.ts`),
      env: { DATABASE_SCHEMA: schemas[name], ...own[name], ...extra[name] },
    }));
    const stack = new SupervisedStack(specs, schemas, {
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_NAMESPACE: uniqueName("campcrash"),
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      PUBLIC_BASE_URL: local("gateway"),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    });
    try {
      for (const spec of specs) await stack.supervisor.start(spec);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  schemaOf(name: SupervisedService): string {
    return this.schemas[name];
  }

  /** kill -9 (no shutdown hook runs); resolves once the supervisor has it ready again. */
  async killAndAwaitRestart(name: SupervisedService): Promise<void> {
    const pid = this.supervisor.pids()[name];
    if (pid === undefined) throw new Error(`${name} is not running`);
    const ready = this.lines.filter((line) => line.startsWith(`${name} is ready again`)).length;
    process.kill(pid, "SIGKILL");
    await waitFor(
      () => this.lines.filter((line) => line.startsWith(`${name} is ready again`)).length > ready,
      { timeoutMs: 60_000, intervalMs: 50, description: `${name} restarted:\n${this.lines.join("\n")}` },
    );
  }

  createOrganization(name: string): Promise<Organization> {
    return createOrganization(this.gatewayUrl, name);
  }

  /** SIGTERM to every service (the supervisor's clean stop), then the schemas are dropped. */
  async stop(): Promise<void> {
    await this.supervisor.stop();
    await dropSchemas(...Object.values(this.schemas));
  }

  private portOf(name: SupervisedService): number {
    return this.specs.find((spec) => spec.name === name)?.port ?? 0;
  }
}
