import { createHash, timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "@relay/domain";
import { type AppEnv, INTERNAL_TOKEN_HEADER } from "@relay/service-kit";
import type { MiddlewareHandler } from "hono";

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** `/admin/*`: the internal token (only the gateway and operators' tools hold it) and the admin token. */
export function adminAuth(internalToken: string, adminToken: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!sameSecret(c.req.header(INTERNAL_TOKEN_HEADER) ?? "", internalToken)) {
      throw new UnauthorizedError("internal token required");
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!bearer || !sameSecret(bearer, adminToken)) throw new UnauthorizedError("admin token required");
    await next();
  };
}
