import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { dataOf, Organization } from "@relay/domain";
import { errorResponses, json } from "./common.js";
import { component } from "./zod.js";

export function registerOrganization(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/organization",
    operationId: "getOrganization",
    tags: ["Organization"],
    summary: "The API key's organization",
    description:
      "The organization the key belongs to. Not in the contract; Whippy's clients call it to check a key.",
    responses: {
      "200": json(dataOf(component(registry, "Organization", Organization)), "The key's organization"),
      ...errorResponses(),
    },
  });
}
