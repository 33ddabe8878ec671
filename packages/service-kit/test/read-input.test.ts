import { NotFoundError } from "@relay/domain";
import { testDatabaseUrl } from "@relay/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger, createServiceApp, MAX_BODY_DEPTH, readId, readJson, readQuery } from "../src/index.js";

const logger = createLogger("kit-read-input-test", "silent");
const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
afterAll(() => pool.end());

function buildApp() {
  const app = createServiceApp({ logger });
  app.post("/things", async (c) => {
    const body = await readJson(c, z.object({ name: z.string().optional(), count: z.number().optional() }));
    return c.json({ data: body }, 201);
  });
  app.post("/anything", async (c) => c.json({ data: await readJson(c, z.unknown()) }, 201));
  app.post("/optional", async (c) => c.json({ data: await readJson(c, z.object({}), { empty: {} }) }, 201));
  app.get("/things", (c) => c.json({ data: readQuery(c, z.object({ status: z.string().optional() })) }));
  app.get("/things/:id", (c) => c.json({ id: readId(c, "id", z.uuid(), () => new NotFoundError("thing")) }));
  // What a service does with text the edge let through: PostgreSQL refuses it.
  app.post("/store", async (c) => {
    const { value } = await readJson(c, z.object({ value: z.string() }));
    await pool.query("select $1::int4", [value]);
    return c.json({ ok: true });
  });
  return app;
}

interface ErrorJson {
  error: string;
  status: number;
  code: string;
  details?: Array<{ field: string; message: string }>;
}

const post = (path: string, body: string) =>
  buildApp().request(path, { method: "POST", body, headers: { "content-type": "application/json" } });

async function expect422(res: Response, field: string, message: string | RegExp) {
  expect(res.status).toBe(422);
  const body = (await res.json()) as ErrorJson;
  expect(body).toMatchObject({ status: 422, code: "validation_failed" });
  expect(body.details).toHaveLength(1);
  expect(body.details?.[0]?.field).toBe(field);
  expect(body.details?.[0]?.message).toMatch(message);
  return body;
}

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("the kit's input edge", () => {
  it("refuses a NUL in a string value, naming the field", async () => {
    await expect422(await post("/things", '{"name":"a\\u0000b"}'), "name", "must not contain NUL characters");
    await expect422(
      await post("/anything", '{"a":[{"b":"\\u0000"}]}'),
      "a.0.b",
      "must not contain NUL characters",
    );
  });

  it("refuses a NUL in an object key, naming the object holding it", async () => {
    await expect422(
      await post("/anything", '{"meta":{"k\\u0000":1}}'),
      "meta",
      "keys must not contain NUL characters",
    );
    await expect422(await post("/anything", '{"\\u0000":1}'), "body", "keys must not contain NUL characters");
  });

  it("refuses unpaired surrogates, and keeps well-formed astral text", async () => {
    await expect422(await post("/things", '{"name":"x\\ud800y"}'), "name", "unpaired UTF-16 surrogates");
    const ok = await post("/things", JSON.stringify({ name: "😀 שלום e\u0301" }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ data: { name: "😀 שלום e\u0301" } });
  });

  it("refuses numbers JavaScript cannot hold (1e400 is Infinity)", async () => {
    await expect422(await post("/things", '{"count":1e400}'), "count", "must be a finite number");
    await expect422(await post("/anything", "-1e400"), "body", "must be a finite number");
  });

  it(`accepts ${MAX_BODY_DEPTH} levels of nesting and refuses ${MAX_BODY_DEPTH + 1}, even 100,000`, async () => {
    expect(MAX_BODY_DEPTH).toBe(32);
    expect((await post("/anything", nested(32))).status).toBe(201);
    await expect422(await post("/anything", nested(33)), expectedDeepField(32), /more than 32 levels/);
    await expect422(await post("/anything", nested(100_000)), expectedDeepField(32), /more than 32 levels/);
  });

  it("keeps malformed JSON and an empty body a 422 naming the body; `empty` stands in for none", async () => {
    await expect422(await post("/things", "{nope"), "body", "must be a valid JSON document");
    await expect422(await post("/things", ""), "body", "must be a valid JSON document");
    expect(await (await post("/optional", "")).json()).toEqual({ data: {} });
    await expect422(await post("/optional", "\u0000"), "body", "must be a valid JSON document");
  });

  it("refuses a NUL in a query value or key, naming it", async () => {
    await expect422(await buildApp().request("/things?status=a%00b"), "query.status", "must not contain NUL");
    await expect422(await buildApp().request("/things?status[]=%00"), "query.status", "must not contain NUL");
    await expect422(await buildApp().request("/things?a%00=1"), "query", "keys must not contain NUL");
    expect((await buildApp().request("/things?status=open")).status).toBe(200);
  });

  it("refuses a NUL in a path id with a 422; any other malformed id stays a 404", async () => {
    await expect422(await buildApp().request("/things/%00"), "path.id", "must not contain NUL");
    expect((await buildApp().request("/things/not-a-uuid")).status).toBe(404);
  });

  it("answers a PostgreSQL data exception with a 422 that does not show the SQL", async () => {
    const res = await post("/store", JSON.stringify({ value: "99999999999" }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body).toMatchObject({ status: 422, code: "validation_failed" });
    expect(JSON.stringify(body)).not.toMatch(/int4|select|range|integer/i);
  });
});

/** The path of the container at the first level too deep: `0.0.…` below the body. */
function expectedDeepField(levels: number): string {
  return Array.from({ length: levels }, () => "0").join(".");
}
