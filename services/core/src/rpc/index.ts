import type { Subscription } from "@nats-io/transport-node";
import type { Bus } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";

/** Answers other services' synchronous questions (NATS request-reply). */
export function startRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  void deps;
  void bus;
  return [];
}
