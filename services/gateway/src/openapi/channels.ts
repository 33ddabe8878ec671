import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  Channel,
  ChannelList,
  CreateChannel,
  dataOf,
  SetChannelUsers,
  UpdateChannel,
  User,
} from "@relay/domain";
import { deleted, errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

export function registerChannels(registry: OpenAPIRegistry): void {
  const channel = component(registry, "Channel", Channel);
  const user = component(registry, "User", User);
  const list = component(registry, "ChannelList", ChannelList.extend({ data: z.array(channel) }));
  const one = dataOf(channel);
  const users = dataOf(z.array(user));
  const tags = ["Channels"];

  registry.registerPath({
    method: "get",
    path: "/channels",
    operationId: "getChannels",
    tags,
    summary: "List channels",
    request: { query: ListQuery },
    responses: { "200": json(list, "A page of channels"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/channels",
    operationId: "createChannel",
    tags,
    summary: "Create a channel",
    description:
      "A phone, email or WhatsApp channel. Credentials are checked against the provider's schema, " +
      "stored, and never returned (`has_credentials` says whether there are any).",
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(component(registry, "CreateChannelRequest", CreateChannel)),
    },
    responses: { "201": json(one, "Channel created"), ...errorResponses("409", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/channels/{id}",
    operationId: "getChannel",
    tags,
    summary: "Show a channel",
    request: { params: PathId },
    responses: { "200": json(one, "A single channel"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/channels/{id}",
    operationId: "updateChannel",
    tags,
    summary: "Update a channel",
    description: "A partial update: `null` clears an optional text; `opening_hours` replaces them all.",
    request: { params: PathId, body: jsonBody(component(registry, "UpdateChannelRequest", UpdateChannel)) },
    responses: { "200": json(one, "Channel updated"), ...errorResponses("404", "409", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: "/channels/{id}",
    operationId: "deleteChannel",
    tags,
    summary: "Delete a channel",
    request: { params: PathId },
    responses: { "200": json(deleted(), "Channel deleted"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "get",
    path: "/channels/{id}/users",
    operationId: "getChannelUsers",
    tags,
    summary: "List channel users",
    request: { params: PathId },
    responses: { "200": json(users, "Users with access to the channel"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/channels/{id}/users",
    operationId: "setChannelUsers",
    tags,
    summary: "Set who may use a channel",
    description: "Replaces the list of users with access to the channel.",
    request: { params: PathId, body: jsonBody(SetChannelUsers) },
    responses: { "200": json(users, "Users with access to the channel"), ...errorResponses("404", "422") },
  });
}
