import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import {
  dropSchemas,
  freeListenPort,
  TEST_ADMIN_TOKEN,
  TEST_CREDENTIALS_KEY,
  TEST_INTERNAL_TOKEN,
  testDatabaseUrl,
  testNatsUrl,
  uniqueName,
  waitFor,
} from "@relay/testing";

export type ServiceName = "core" | "conversations" | "phone" | "gateway";

const ORDER: ServiceName[] = ["core", "conversations", "phone", "gateway"];
const root = resolve(import.meta.dirname, "../../..");

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  output: string[];
}

/**
 * The services as their own processes, as `pnpm start` runs them, so a test can kill -9 any of
 * them (or all) and start them again on the same schemas, namespace and ports.
 */
export class ProcessStack {
  readonly gatewayUrl: string;
  private readonly running = new Map<ServiceName, Running>();

  private constructor(
    private readonly ports: Record<ServiceName, number>,
    private readonly env: Record<ServiceName, Record<string, string>>,
    private readonly schemas: string[],
  ) {
    this.gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
  }

  static async create(
    extra: Partial<Record<ServiceName, Record<string, string>>> = {},
  ): Promise<ProcessStack> {
    const namespace = uniqueName("crash");
    const ports = {} as Record<ServiceName, number>;
    for (const name of ORDER) ports[name] = await freeListenPort();
    const local = (port: number) => `http://127.0.0.1:${port}`;
    const shared = {
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_NAMESPACE: namespace,
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      PUBLIC_BASE_URL: local(ports.gateway),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    };
    const schemas: string[] = [];
    const env = {} as Record<ServiceName, Record<string, string>>;
    for (const name of ORDER) {
      const schema = uniqueName(`crash_${name}`);
      schemas.push(schema);
      env[name] = { ...shared, DATABASE_SCHEMA: schema, PORT: String(ports[name]), ...extra[name] };
    }
    env.gateway = {
      ...env.gateway,
      CORE_URL: local(ports.core),
      CONVERSATIONS_URL: local(ports.conversations),
      PHONE_URL: local(ports.phone),
    };
    return new ProcessStack(ports, env, schemas);
  }

  schemaOf(name: ServiceName): string {
    return this.env[name].DATABASE_SCHEMA ?? "";
  }

  /** Starts every service that is not running, in dependency order, each until it is ready. */
  async start(): Promise<void> {
    for (const name of ORDER) if (!this.running.has(name)) await this.startOne(name);
  }

  async startOne(name: ServiceName): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", `services/${name}/src/main.ts`], {
      cwd: root,
      env: { ...process.env, ...this.env[name] },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 2_000) output.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    this.running.set(name, { child, exited, output });
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited: ${output.join("")}`);
        const res = await fetch(`http://127.0.0.1:${this.ports[name]}/readyz`).catch(() => undefined);
        return res?.ok === true;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: `${name} to be ready` },
    );
  }

  urlOf(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports[name]}`;
  }

  /** What a running service wrote (stdout and stderr), its latest 2,000 chunks. */
  outputOf(name: ServiceName): string {
    return this.running.get(name)?.output.join("") ?? "";
  }

  /** kill -9: no shutdown hook runs, nothing is flushed. */
  async kill(name: ServiceName): Promise<void> {
    const running = this.running.get(name);
    if (!running) return;
    running.child.kill("SIGKILL");
    await running.exited;
    this.running.delete(name);
  }

  async killAll(): Promise<void> {
    await Promise.all(ORDER.map((name) => this.kill(name)));
  }

  /** A clean stop (SIGTERM, the services' own shutdown), then the schemas are dropped. */
  async stop(): Promise<void> {
    for (const name of [...ORDER].reverse()) {
      const running = this.running.get(name);
      if (!running) continue;
      running.child.kill("SIGTERM");
      const timer = setTimeout(() => running.child.kill("SIGKILL"), 15_000);
      await running.exited;
      clearTimeout(timer);
      this.running.delete(name);
    }
    await dropSchemas(...this.schemas);
  }
}
