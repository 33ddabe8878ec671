import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { CreateTeam, dataOf, listOf, Team, UpdateTeam } from "@relay/domain";
import { deleted, errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component } from "./zod.js";

export function registerTeams(registry: OpenAPIRegistry): void {
  const team = component(registry, "Team", Team);
  const one = dataOf(team);
  const tags = ["Teams"];

  registry.registerPath({
    method: "get",
    path: "/teams",
    operationId: "getTeams",
    tags,
    summary: "List teams",
    request: { query: ListQuery },
    responses: { "200": json(listOf(team), "A page of teams"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/teams",
    operationId: "createTeam",
    tags,
    summary: "Create a team",
    request: { headers: IdempotencyHeader, body: jsonBody(CreateTeam) },
    responses: { "201": json(one, "Team created"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/teams/{id}",
    operationId: "getTeam",
    tags,
    summary: "Show a team",
    request: { params: PathId },
    responses: { "200": json(one, "A single team"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/teams/{id}",
    operationId: "updateTeam",
    tags,
    summary: "Update a team",
    description: "`user_ids`, when given, replaces the team's members.",
    request: { params: PathId, body: jsonBody(UpdateTeam) },
    responses: { "200": json(one, "Team updated"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/teams/{id}",
    operationId: "deleteTeam",
    tags,
    summary: "Delete a team",
    request: { params: PathId },
    responses: { "200": json(deleted(), "Team deleted"), ...errorResponses("404") },
  });
}
