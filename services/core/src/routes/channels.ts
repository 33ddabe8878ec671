import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { CoreDeps } from "../deps.js";

export function channelRoutes(deps: CoreDeps) {
  void deps;
  return new Hono<AppEnv>();
}
