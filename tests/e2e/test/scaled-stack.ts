import { resolve } from "node:path";
import {
  dropSchemas,
  type RunningLoadBalancer,
  startLoadBalancer,
  TEST_ADMIN_TOKEN,
  TEST_CREDENTIALS_KEY,
  TEST_INTERNAL_TOKEN,
  testDatabaseUrl,
  testNatsUrl,
  uniqueName,
} from "@relay/testing";
import { type ServiceProcess, signal, spawnService, stopProcess } from "../../../scripts/stack/processes.js";
import { waitUntilReady } from "../../../scripts/stack/readiness.js";
import {
  entryOf,
  instanceEnv,
  SERVICES,
  type ServiceName,
  type ServiceNode,
} from "../../../topology/index.js";
import { freePortBlock, root } from "./start-stack.js";

export interface ScaledStackOptions {
  /** Instances of every service. */
  instances: number;
  /** Settings per service, on top of what the topology gives each instance. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

interface InstanceSpec {
  service: ServiceName;
  instance: number;
  port: number;
  /** Its extra listeners' ports, by the launcher's setting. */
  listens: Record<string, number>;
  env: Record<string, string>;
}

/**
 * Every service of the topology as N processes of its own (as `pnpm start` runs one), all N on
 * one PostgreSQL schema per service and one NATS namespace; each service behind a load balancer,
 * whose address is what its callers (and the providers, for the gateway) are given.
 */
export class ScaledStack {
  private readonly running = new Map<string, ServiceProcess>();

  private constructor(
    readonly balancers: Record<ServiceName, RunningLoadBalancer>,
    private readonly shared: Record<string, string>,
    readonly schemas: Record<ServiceName, string>,
  ) {}

  /** The public entry: the load balancer in front of the gateways. */
  get gatewayUrl(): string {
    return this.balancers.gateway.url;
  }

  static async start(options: ScaledStackOptions): Promise<ScaledStack> {
    const { instances } = options;
    const listeners = SERVICES.reduce((n, s: ServiceNode) => n + 1 + (s.listens?.length ?? 0), 0);
    let nextPort = await freePortBlock(listeners * instances);
    const specs: InstanceSpec[] = [];
    const backends = {} as Record<ServiceName, number[]>;
    for (const service of SERVICES as readonly ServiceNode[]) {
      const name = service.name as ServiceName;
      backends[name] = [];
      for (let instance = 1; instance <= instances; instance++) {
        const http = nextPort++;
        const listens = Object.fromEntries((service.listens ?? []).map((l) => [l.setting, nextPort++]));
        backends[name].push(http);
        specs.push({ service: name, instance, port: http, listens, env: {} });
      }
    }
    const balancers = {} as Record<ServiceName, RunningLoadBalancer>;
    for (const service of SERVICES) balancers[service.name] = await startLoadBalancer(backends[service.name]);
    const schemas = Object.fromEntries(
      SERVICES.map((s) => [s.name, uniqueName(`scale_${s.name}`)]),
    ) as Record<ServiceName, string>;
    for (const spec of specs) {
      const node = SERVICES.find((s) => s.name === spec.service) as ServiceNode;
      spec.env = {
        ...instanceEnv(
          node,
          { http: spec.port, listens: spec.listens },
          (upstream) => balancers[upstream.name as ServiceName].url,
        ),
        DATABASE_SCHEMA: schemas[spec.service],
        ...options.env?.[spec.service],
      };
    }
    const stack = new ScaledStack(
      balancers,
      {
        DATABASE_URL: testDatabaseUrl(),
        NATS_URL: testNatsUrl(),
        NATS_NAMESPACE: uniqueName("scale"),
        INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
        PUBLIC_BASE_URL: balancers.gateway.url,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "error",
      },
      schemas,
    );
    try {
      // All at once, the instances of one service migrating its schema together: nothing calls
      // an upstream while it starts, and the balancers are listening before any instance is.
      await Promise.all(specs.map((spec) => stack.startInstance(spec)));
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** The instances running now, as `<service>-<n>`. */
  instances(): string[] {
    return [...this.running.keys()];
  }

  /** kill -9 of one instance: no shutdown hook runs; nothing restarts it. */
  async kill(service: ServiceName, instance: number): Promise<void> {
    const key = `${service}-${instance}`;
    const running = this.running.get(key);
    if (!running) throw new Error(`${key} is not running`);
    signal(running, "SIGKILL");
    await running.exited;
    this.running.delete(key);
  }

  /** SIGTERM to every instance (their clean shutdown), in reverse start order; then the schemas go. */
  async stop(): Promise<void> {
    for (const [key, running] of [...this.running].reverse()) {
      await stopProcess(running, 15_000);
      this.running.delete(key);
    }
    for (const balancer of Object.values(this.balancers)) await balancer?.stop();
    await dropSchemas(...Object.values(this.schemas));
  }

  private async startInstance(spec: InstanceSpec): Promise<void> {
    const key = `${spec.service}-${spec.instance}`;
    const process = spawnService(
      { name: key, port: spec.port, entry: resolve(root, entryOf(spec.service)), env: spec.env },
      this.running.size,
      this.shared,
    );
    this.running.set(key, process);
    await waitUntilReady(process, 90_000);
  }
}
