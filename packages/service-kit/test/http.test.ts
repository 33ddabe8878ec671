import { ConflictError, NotFoundError, RateLimitedError } from "@relay/domain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger, createServiceApp, internalAuth, readJson, readQuery } from "../src/index.js";

const logger = createLogger("kit-http-test", "silent");
const TOKEN = "kit-internal-token-0123456789";

function buildApp() {
  const app = createServiceApp({ logger, maxBodyBytes: 1024 });
  app.post("/things", async (c) => {
    const body = await readJson(c, z.strictObject({ name: z.string().min(1), count: z.number().int() }));
    return c.json({ data: body }, 201);
  });
  app.get("/things", (c) =>
    c.json({ data: readQuery(c, z.object({ status: z.array(z.enum(["open", "closed"])) })) }),
  );
  app.get("/missing", () => {
    throw new NotFoundError("thing");
  });
  app.get("/conflict", () => {
    throw new ConflictError("already there");
  });
  app.get("/limited", () => {
    throw new RateLimitedError(3);
  });
  app.get("/boom", () => {
    throw new Error("secret internals at /srv/app.ts:12");
  });
  app.use("/internal/*", internalAuth(TOKEN));
  app.get("/internal/who", (c) => c.json({ organization_id: c.get("organizationId") }));
  return app;
}

interface ErrorJson {
  error: string;
  status: number;
  code: string;
  details: Array<{ field: string; message: string }>;
  errors: Array<{ description: string }>;
}
const errorJson = async (res: Response) => (await res.json()) as ErrorJson;

const post = (body: string) =>
  buildApp().request("/things", { method: "POST", body, headers: { "content-type": "application/json" } });

describe("service app", () => {
  it("answers 422 naming each invalid field", async () => {
    const res = await post(JSON.stringify({ name: "", count: "three", extra: 1 }));
    expect(res.status).toBe(422);
    const body = await errorJson(res);
    expect(body).toMatchObject({ status: 422, code: "validation_failed" });
    const fields = body.details.map((d) => d.field).sort();
    expect(fields).toEqual(["count", "extra", "name"]);
    expect(body.error).toContain("count");
    // Whippy's clients read `errors[0].description`: one per problem, each naming its field.
    expect(body.errors.map((e) => e.description.split(":")[0]).sort()).toEqual(["count", "extra", "name"]);
  });

  it("answers 422 for malformed JSON, 413 for an oversized body", async () => {
    const malformed = await post("{nope");
    expect(malformed.status).toBe(422);
    expect((await errorJson(malformed)).details).toEqual([
      { field: "body", message: "must be a valid JSON document" },
    ]);
    const big = await post(JSON.stringify({ name: "x".repeat(2048), count: 1 }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("reads `key[]` query arrays and names bad query fields", async () => {
    const ok = await buildApp().request("/things?status[]=open&status[]=closed");
    expect(await ok.json()).toEqual({ data: { status: ["open", "closed"] } });
    const bad = await buildApp().request("/things?status[]=maybe");
    expect(bad.status).toBe(422);
    expect((await errorJson(bad)).details[0]?.field).toBe("query.status.0");
  });

  it("maps domain errors to their status, with Retry-After on 429", async () => {
    expect((await buildApp().request("/missing")).status).toBe(404);
    expect((await buildApp().request("/conflict")).status).toBe(409);
    const limited = await buildApp().request("/limited");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  it("never leaks internals on a 500", async () => {
    const res = await buildApp().request("/boom", { headers: { "x-request-id": "req-123" } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text)).toEqual({
      error: "internal error",
      status: 500,
      code: "internal",
      errors: [{ description: "internal error" }],
      request_id: "req-123",
    });
    expect(res.headers.get("x-request-id")).toBe("req-123");
  });

  it("guards the internal API with the token and takes the organization from the header", async () => {
    const organizationId = crypto.randomUUID();
    const denied = await buildApp().request("/internal/who", {
      headers: { "x-internal-token": "wrong", "x-organization-id": organizationId },
    });
    expect(denied.status).toBe(401);
    const allowed = await buildApp().request("/internal/who", {
      headers: { "x-internal-token": TOKEN, "x-organization-id": organizationId },
    });
    expect(await allowed.json()).toEqual({ organization_id: organizationId });
  });

  it("answers unknown routes with 404 in the same shape", async () => {
    const res = await buildApp().request("/nowhere");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "route not found", status: 404, code: "not_found" });
  });
});
