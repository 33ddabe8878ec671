import { CoreConfig, start as startCore } from "@relay/core";
import { loadConfig, type RunningService } from "@relay/service-kit";
import { dropSchemas, serviceTestEnv, TEST_ADMIN_TOKEN, uniqueName } from "@relay/testing";
import { GatewayConfig, start as startGateway } from "../src/start.js";
import { createOrganization, setApiKeyEnabled, type TestOrganization } from "./organizations.js";

export interface GatewayStack {
  core: RunningService;
  coreSchema: string;
  namespace: string;
  /** Starts a gateway on a free port beside this core (same NATS namespace), with extra env. */
  gateway(env?: Record<string, string>): Promise<RunningService>;
  createOrganization(): Promise<TestOrganization>;
  setApiKeyEnabled(apiKeyId: string, enabled: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Boots core in-process, sharing one NATS namespace with the gateways a test file starts. */
export async function startStack(): Promise<GatewayStack> {
  const namespace = uniqueName("gw");
  const coreSchema = uniqueName("gw_core_test");
  const schemas = [coreSchema];
  const gateways: RunningService[] = [];
  const core = await startCore(
    loadConfig(
      CoreConfig,
      serviceTestEnv({ schema: coreSchema, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } }),
    ),
  );
  return {
    core,
    coreSchema,
    namespace,
    async gateway(env = {}) {
      const schema = uniqueName("gateway_test");
      schemas.push(schema);
      const config = loadConfig(
        GatewayConfig,
        serviceTestEnv({ schema, namespace, extra: { CORE_URL: core.url, ...env } }),
      );
      const gateway = await startGateway(config);
      gateways.push(gateway);
      return gateway;
    },
    createOrganization: () => createOrganization(core.url),
    setApiKeyEnabled: (apiKeyId, enabled) => setApiKeyEnabled(coreSchema, apiKeyId, enabled),
    async stop() {
      for (const gateway of gateways.reverse()) await gateway.stop();
      await core.stop();
      await dropSchemas(...schemas);
    },
  };
}
