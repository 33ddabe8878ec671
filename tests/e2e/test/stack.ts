import { CoreConfig, start as startCore } from "@relay/core";
import { GatewayConfig, start as startGateway } from "@relay/gateway";
import { loadConfig, type RunningService } from "@relay/service-kit";
import { dropSchemas, serviceTestEnv, TEST_ADMIN_TOKEN, uniqueName } from "@relay/testing";

export interface Stack {
  gatewayUrl: string;
  /** Creates an organization through the gateway's admin route; returns its first key. */
  createOrganization(name?: string): Promise<Organization>;
  stop(): Promise<void>;
}

export interface Organization {
  id: string;
  apiKey: string;
  apiKeyId: string;
  /** Calls the public API with this organization's key. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Every service in-process on free ports, sharing one fresh NATS namespace; a client talks to the gateway. */
export async function startStack(): Promise<Stack> {
  const namespace = uniqueName("e2e");
  const schemas = { core: uniqueName("e2e_core"), gateway: uniqueName("e2e_gateway") };
  const services: RunningService[] = [];
  const core = await startCore(
    loadConfig(
      CoreConfig,
      serviceTestEnv({ schema: schemas.core, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } }),
    ),
  );
  services.push(core);
  const gateway = await startGateway(
    loadConfig(
      GatewayConfig,
      serviceTestEnv({
        schema: schemas.gateway,
        namespace,
        extra: { CORE_URL: core.url, RATE_LIMIT_PER_SECOND: "1000", RATE_LIMIT_BURST: "1000" },
      }),
    ),
  );
  services.push(gateway);
  const gatewayUrl = gateway.url;

  return {
    gatewayUrl,
    async createOrganization(name = "E2E Org") {
      const res = await fetch(`${gatewayUrl}/admin/organizations`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      if (res.status !== 201) throw new Error(`admin bootstrap failed: ${res.status} ${await res.text()}`);
      const { data } = (await res.json()) as {
        data: { organization: { id: string }; api_key: { id: string; key: string } };
      };
      return {
        id: data.organization.id,
        apiKey: data.api_key.key,
        apiKeyId: data.api_key.id,
        api: (method, path, body) => call(gatewayUrl, data.api_key.key, method, path, body),
      };
    },
    async stop() {
      for (const service of services.reverse()) await service.stop();
      await dropSchemas(schemas.core, schemas.gateway);
    },
  };
}

export async function call<T>(
  baseUrl: string,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers["x-whippy-key"] = key;
  const res = await fetch(`${baseUrl}/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}
