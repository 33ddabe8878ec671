import { loadConfig } from "@relay/service-kit";
import {
  dropSchemas,
  serviceTestEnv,
  TEST_ADMIN_TOKEN,
  TEST_INTERNAL_TOKEN,
  uniqueName,
} from "@relay/testing";
import { CoreConfig, start } from "../src/start.js";

export interface CoreHarness {
  url: string;
  schema: string;
  namespace: string;
  /** Calls core's internal API as the gateway would, acting for `organizationId`. */
  call(path: string, init?: RequestInit & { organizationId?: string }): Promise<Response>;
  /** Calls `/admin/*` with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Stops core and drops its schema (kept with `keepSchema`, to start core on it again). */
  stop(options?: { keepSchema: boolean }): Promise<void>;
}

/** Boots core in-process with its own schema and NATS namespace (one per test file). */
export async function startCore(
  options: { schema?: string; namespace?: string; env?: Record<string, string> } = {},
): Promise<CoreHarness> {
  const schema = options.schema ?? uniqueName("core_test");
  const namespace = options.namespace ?? uniqueName("core");
  const config = loadConfig(
    CoreConfig,
    serviceTestEnv({ schema, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...options.env } }),
  );
  const service = await start(config);
  const json = { "content-type": "application/json" };
  return {
    url: service.url,
    schema,
    namespace,
    call(path, init = {}) {
      const { organizationId, headers, ...rest } = init;
      return fetch(`${service.url}${path}`, {
        ...rest,
        headers: {
          ...json,
          "x-internal-token": TEST_INTERNAL_TOKEN,
          ...(organizationId ? { "x-organization-id": organizationId } : {}),
          ...(headers as Record<string, string> | undefined),
        },
      });
    },
    admin(path, init = {}) {
      return fetch(`${service.url}${path}`, {
        ...init,
        headers: {
          ...json,
          "x-internal-token": TEST_INTERNAL_TOKEN,
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    },
    async stop(options = { keepSchema: false }) {
      await service.stop();
      if (!options.keepSchema) await dropSchemas(schema);
    },
  };
}
