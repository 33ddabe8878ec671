import type { Subscription } from "@nats-io/transport-node";
import { AuthenticateApiKey } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { authenticateApiKey } from "../services/authenticate-api-key.js";

export function apiKeyRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [reply(bus, deps.logger, AuthenticateApiKey, ({ key }) => authenticateApiKey(deps, key))];
}
