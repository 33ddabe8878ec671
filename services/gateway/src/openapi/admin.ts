import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  AdminCreateApiKey,
  CreateOrganization,
  dataOf,
  IssuedApiKey,
  listOf,
  Organization,
} from "@relay/domain";
import { json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** Operator routes: they live at `/admin`, beside the `/v1` server, and take the admin token. */
export function registerAdmin(registry: OpenAPIRegistry, publicBaseUrl: string): void {
  const organization = component(registry, "Organization", Organization);
  const issuedKey = component(registry, "IssuedApiKey", IssuedApiKey);
  const admin = {
    tags: ["Admin"],
    servers: [{ url: publicBaseUrl, description: "Admin routes sit beside /v1" }],
    security: [{ AdminToken: [] }],
  };

  registry.registerPath({
    ...admin,
    method: "post",
    path: "/admin/organizations",
    operationId: "adminCreateOrganization",
    summary: "Create an organization and its first API key (operators)",
    description:
      "Bootstraps a tenant. Authenticated with the operator's `ADMIN_TOKEN` as `Authorization: Bearer`, " +
      "not with an API key. The answer is the only time the API key is shown.",
    request: { body: jsonBody(CreateOrganization) },
    responses: {
      "201": json(
        z.object({ data: z.object({ organization, api_key: issuedKey }) }),
        "The organization and its API key (shown once)",
      ),
      "401": ref("Unauthorized"),
      "422": ref("UnprocessableEntity"),
      "503": ref("Unavailable"),
    },
  });
  registry.registerPath({
    ...admin,
    method: "get",
    path: "/admin/organizations",
    operationId: "adminListOrganizations",
    summary: "List organizations (operators)",
    request: { query: ListQuery },
    responses: {
      "200": json(listOf(organization), "A page of organizations"),
      "401": ref("Unauthorized"),
      "503": ref("Unavailable"),
    },
  });
  registry.registerPath({
    ...admin,
    method: "get",
    path: "/admin/organizations/{id}",
    operationId: "adminGetOrganization",
    summary: "Show an organization (operators)",
    request: { params: PathId },
    responses: {
      "200": json(dataOf(organization), "An organization"),
      "401": ref("Unauthorized"),
      "404": ref("NotFound"),
      "503": ref("Unavailable"),
    },
  });
  registry.registerPath({
    ...admin,
    method: "post",
    path: "/admin/organizations/{id}/api_keys",
    operationId: "adminCreateApiKey",
    summary: "Issue another API key for an organization (operators)",
    description: "The body is optional (`name` defaults to `default`). The key is shown once.",
    request: {
      params: PathId,
      body: { required: false, content: { "application/json": { schema: AdminCreateApiKey } } },
    },
    responses: {
      "201": json(dataOf(issuedKey), "The new API key (shown once)"),
      "401": ref("Unauthorized"),
      "404": ref("NotFound"),
      "422": ref("UnprocessableEntity"),
      "503": ref("Unavailable"),
    },
  });
}
