import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { CreateTag, dataOf, listOf, Tag, TagFilters, UpdateTag } from "@relay/domain";
import { deleted, errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component } from "./zod.js";

/** `/tags` as Whippy's clients call it (not in the reconstructed contract). */
export function registerTags(registry: OpenAPIRegistry): void {
  const tag = component(registry, "Tag", Tag);
  const one = dataOf(tag);
  const tags = ["Tags"];

  registry.registerPath({
    method: "get",
    path: "/tags",
    operationId: "getTags",
    tags,
    summary: "List tags (extension: Whippy's path)",
    description:
      "Oldest first. `search`: a case-insensitive part of the name; `state`: `active` or `archived`; " +
      "`system`: `system` / `true` for tags the platform made, `non system` / `false` for yours. A parameter " +
      "whose value is the text `undefined` (what Whippy's Activepieces piece sends for an unset one) is absent.",
    request: { query: ListQuery.extend(TagFilters.shape) },
    responses: { "200": json(listOf(tag), "A page of tags"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/tags",
    operationId: "createTag",
    tags,
    summary: "Create a tag (extension: Whippy's path)",
    description:
      "The name is trimmed and its inner whitespace collapsed; a name another tag has is a 422 naming `name`. " +
      "`color` is `#rrggbb` (default `#6b7280`), `type` defaults to `contact`. Giving a contact a name no tag " +
      "has creates that tag too.",
    request: { headers: IdempotencyHeader, body: jsonBody(CreateTag) },
    responses: { "201": json(one, "Tag created"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/tags/{id}",
    operationId: "getTag",
    tags,
    summary: "Show a tag (extension: Whippy's path)",
    request: { params: PathId },
    responses: { "200": json(one, "A single tag"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/tags/{id}",
    operationId: "updateTag",
    tags,
    summary: "Update a tag (extension: Whippy's path)",
    description:
      "A new name is the tag's name on every contact carrying it, at once (contacts' `tags` and " +
      "`contact_tags`, and the conversations filter). `state: archived` keeps it on contacts.",
    request: { params: PathId, body: jsonBody(UpdateTag) },
    responses: { "200": json(one, "Tag updated"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/tags/{id}",
    operationId: "deleteTag",
    tags,
    summary: "Delete a tag (extension: Whippy's path)",
    description: "It is taken off every contact that carried it.",
    request: { params: PathId },
    responses: { "200": json(deleted(), "Tag deleted"), ...errorResponses("404") },
  });
}
