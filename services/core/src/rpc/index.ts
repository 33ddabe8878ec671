import type { Subscription } from "@nats-io/transport-node";
import type { Bus } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { apiKeyRpc } from "./api-keys.js";
import { channelRpc } from "./channels.js";
import { contactRpc } from "./contacts.js";

/** Answers other services' synchronous questions (NATS request-reply). */
export function startRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [...apiKeyRpc(deps, bus), ...channelRpc(deps, bus), ...contactRpc(deps, bus)];
}
