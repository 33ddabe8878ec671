import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { CoreDeps } from "../deps.js";

export function teamRoutes(deps: CoreDeps) {
  void deps;
  return new Hono<AppEnv>();
}
