import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { CreateUser, dataOf, listOf, UpdateUser, User } from "@relay/domain";
import { deleted, errorResponses, IdempotencyHeader, json, jsonBody, ListQuery } from "./common.js";
import { component, z } from "./zod.js";

/** User ids are integers, as in the contract. */
const UserPathId = z.object({
  id: z
    .int()
    .min(1)
    .openapi({ param: { name: "id", in: "path", description: "User id." } }),
});

export function registerUsers(registry: OpenAPIRegistry): void {
  const user = component(registry, "User", User);
  const one = dataOf(user);
  const tags = ["Users"];

  registry.registerPath({
    method: "get",
    path: "/users",
    operationId: "getUsers",
    tags,
    summary: "List users",
    request: { query: ListQuery },
    responses: { "200": json(listOf(user), "A page of users"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/users",
    operationId: "createUser",
    tags,
    summary: "Create a user",
    request: { headers: IdempotencyHeader, body: jsonBody(CreateUser) },
    responses: { "201": json(one, "User created"), ...errorResponses("409", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/users/{id}",
    operationId: "getUser",
    tags,
    summary: "Show a user",
    request: { params: UserPathId },
    responses: { "200": json(one, "A single user"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/users/{id}",
    operationId: "updateUser",
    tags,
    summary: "Update a user",
    request: { params: UserPathId, body: jsonBody(UpdateUser) },
    responses: { "200": json(one, "User updated"), ...errorResponses("404", "409", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/users/{id}",
    operationId: "deleteUser",
    tags,
    summary: "Delete a user",
    description: "Also removes the user from every team and channel.",
    request: { params: UserPathId },
    responses: { "200": json(deleted(z.int()), "User deleted"), ...errorResponses("404") },
  });
}
