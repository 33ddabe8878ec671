import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { ApiKey, CreateApiKey, dataOf, IssuedApiKey, listOf, UpdateApiKey } from "@relay/domain";
import { deleted, errorResponses, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component } from "./zod.js";

export function registerApiKeys(registry: OpenAPIRegistry): void {
  const apiKey = component(registry, "ApiKey", ApiKey);
  const issued = component(registry, "IssuedApiKey", IssuedApiKey);
  const tags = ["API keys"];

  registry.registerPath({
    method: "get",
    path: "/api_keys",
    operationId: "getApiKeys",
    tags,
    summary: "List API keys",
    description: "Keys are listed by their visible prefix; the secret is never shown again.",
    request: { query: ListQuery },
    responses: { "200": json(listOf(apiKey), "A page of API keys"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/api_keys",
    operationId: "createApiKey",
    tags,
    summary: "Create an API key",
    description: "The answer is the only time the whole key (`key`) is shown: store it.",
    request: { body: jsonBody(CreateApiKey) },
    responses: { "201": json(dataOf(issued), "API key created"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "put",
    path: "/api_keys/{id}",
    operationId: "updateApiKey",
    tags,
    summary: "Rename, disable or re-enable an API key",
    description: "A disabled key is refused (401) within a second.",
    request: { params: PathId, body: jsonBody(UpdateApiKey) },
    responses: { "200": json(dataOf(apiKey), "API key updated"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/api_keys/{id}",
    operationId: "deleteApiKey",
    tags,
    summary: "Delete an API key",
    request: { params: PathId },
    responses: { "200": json(deleted(), "API key deleted"), ...errorResponses("404") },
  });
}
